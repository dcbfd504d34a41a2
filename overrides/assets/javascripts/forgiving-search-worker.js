/*
 * Forgiving search: Material's search worker, with each typed word that no
 * page word starts with rewritten into the page words it most likely means.
 *
 * Material matches every typed word as a prefix of the pages' words. A word
 * that matches is left exactly as typed, so whatever a page contains is found
 * and ranked as Material ranks it: a forgiving match never competes with a
 * page that has the word as typed. Only a word that matches nothing at all is
 * replaced, trying in turn:
 *
 *   1. the build-time table in the index's config (scripts/search_terms.py):
 *      British and American spellings, numbers in words, irregular forms;
 *   2. page words with the same stem (Porter's, from the lunr in Material's
 *      worker): "regulate" finds "regulation", "cooperate" "cooperation";
 *   3. the nearest page words by edit distance (letters inserted, deleted,
 *      changed or swapped), one edit for words of 4 to 7 letters and two for
 *      longer ones, measured against the start of each page word so a word
 *      still being typed counts: "benchmrk" finds "benchmark".
 *
 * A finished word (the reader typed past it) that is no page word but starts
 * some is kept, and gains the table's forms: "ten hours" also searches "10",
 * though "ten" starts "tend". The word being typed is left alone: "ten" may
 * become "tension".
 *
 * The result list then shows, and the page highlights, the words found; a
 * result lists as missing the typed word when it has none of them, not each
 * word that stood in for it.
 *
 * One more change, to questions: a stop word the reader has finished typing
 * ("how", "does", "a" before the next word) is dropped. Material would search
 * it as a prefix, "a" as every word that starts with "a", which buries the
 * question's real words; lunr leaves stop words out of the index anyway.
 */
"use strict"

var SETUP = 0
var QUERY = 2
var RESULT = 3
var MAX_ALTERNATIVES = 4

/*
 * Load Material's worker, keeping its message listener to call ourselves and
 * passing its answers through relabel(). Material answers each query before
 * the next message is read, so the rewrites of the last query are its own.
 */
var materialListeners = []
var postToPage = self.postMessage.bind(self)
self.addEventListener = function (type, listener) {
  if (type === "message")
    materialListeners.push(listener)
}
self.postMessage = function (message) {
  postToPage(message.type === RESULT ? relabel(message, rewrites) : message)
}
importScripts(new URL(self.location.href).searchParams.get("material"))
delete self.addEventListener

var lexicon = null
var rewrites = []

self.addEventListener("message", function (event) {
  var message = event.data
  try {
    if (message.type === SETUP)
      lexicon = buildLexicon(message.data)
    else if (message.type === QUERY && lexicon) {
      rewrites = []
      message = { type: QUERY, data: forgive(message.data, lexicon, rewrites) }
    }
  } catch (error) {
    rewrites = []
    console.warn("Forgiving search: query left as typed", error)
  }
  for (var i = 0; i < materialListeners.length; i++)
    materialListeners[i]({ data: message })
})

/* Each result's query terms: the words found, and as missing only the typed word none of whose stand-ins it has */
function relabel(message, rewrites) {
  if (!rewrites.length)
    return message
  message.data.items.forEach(function (group) {
    group.forEach(function (item) {
      /* A page listed only for its sections has no terms: Material shows nothing missing there */
      if (!Object.keys(item.terms).length)
        return
      rewrites.forEach(function (rewrite) {
        var found = false
        rewrite.words.forEach(function (word) {
          if (item.terms[word])
            found = true
          else
            delete item.terms[word]
        })
        if (!found)
          item.terms[rewrite.typed] = false
      })
    })
  })
  return message
}

/* ------------------------------------------------------------------------- */

function stemKey(word) {
  /* Porter leaves "deploy" and "deploi": compare stems without a final e, i or y */
  return lunr.stemmer(new lunr.Token(word)).toString().replace(/[eiy]$/, "")
}

function buildLexicon(index) {
  var separator = new RegExp(index.config.separator)
  var pages = new Map()
  index.docs.forEach(function (doc) {
    var page = doc.location.split("#")[0]
    var text = (doc.title + " " + (doc.text || "")).replace(/<[^>]*>/g, " ")
    text.split(separator).forEach(function (token) {
      var word = token.toLowerCase()
      if (word && lunr.stopWordFilter(word)) {
        if (!pages.has(word))
          pages.set(word, new Set())
        pages.get(word).add(page)
      }
    })
  })
  var words = Array.from(pages.keys()).sort()
  var weight = new Map()
  var stems = new Map()
  words.forEach(function (word) {
    weight.set(word, pages.get(word).size)
    var key = stemKey(word)
    if (!stems.has(key))
      stems.set(key, [])
    stems.get(key).push(word)
  })
  var config = index.config.forgiving || {}
  return {
    separator: separator, words: words, weight: weight, stems: stems,
    variants: config.variants || {}, variantKeys: Object.keys(config.variants || {}).sort()
  }
}

/* The first position in a sorted list at which a value could be inserted */
function lowerBound(sorted, value) {
  var low = 0, high = sorted.length
  while (low < high) {
    var middle = (low + high) >> 1
    if (sorted[middle] < value) low = middle + 1
    else high = middle
  }
  return low
}

function startsSomeWord(sorted, prefix) {
  var at = lowerBound(sorted, prefix)
  return at < sorted.length && sorted[at].indexOf(prefix) === 0
}

/* Rewrite the query word by word; Material's syntax (+, -, ~, ^, *, :, "") is left alone */
function forgive(query, lexicon, rewrites) {
  if (query.indexOf('"') !== -1)
    return query
  var parts = query.trim().split(/\s+/)
  return parts.map(function (part, at) {
    if (/^[+-]|[~^*:]/.test(part))
      return part
    var pieces = part.split(lexicon.separator).filter(Boolean)
    return pieces.map(function (piece, number) {
      var finished = at < parts.length - 1 || number < pieces.length - 1
      if (finished && parts.length > 1 && !lunr.stopWordFilter(piece.toLowerCase()))
        return ""
      var words = alternatives(piece, lexicon, finished)
      if (words.length > 1 || words[0] !== piece)
        rewrites.push({ typed: piece.toLowerCase(), words: words.map(function (w) { return w.toLowerCase() }) })
      return words.join(" ")
    }).filter(Boolean).join(" ")
  }).filter(Boolean).join(" ")
}

function alternatives(piece, lexicon, finished) {
  var word = piece.toLowerCase()
  if (!lunr.stopWordFilter(word) || lexicon.weight.has(word))
    return [piece]
  if (startsSomeWord(lexicon.words, word))
    return finished && lexicon.variants.hasOwnProperty(word) ? [piece].concat(lexicon.variants[word]) : [piece]
  var found = fromTable(word, lexicon)
  if (!found.length && word.length >= 4)
    found = sameStem(word, lexicon)
  if (!found.length && word.length >= 4 && /^[a-z]+$/.test(word))
    found = nearest(word, lexicon)
  return found.length ? found : [piece]
}

/* The table's entry for the word, or for the forms it begins (typing "recognise" of "recognises") */
function fromTable(word, lexicon) {
  if (lexicon.variants.hasOwnProperty(word))
    return lexicon.variants[word]
  var keys = lexicon.variantKeys
  for (var at = lowerBound(keys, word); at < keys.length && keys[at].indexOf(word) === 0; at++)
    return lexicon.variants[keys[at]]
  return []
}

function byWeight(lexicon) {
  return function (a, b) { return lexicon.weight.get(b) - lexicon.weight.get(a) || (a < b ? -1 : 1) }
}

/* The word, and its American spelling if it looks British: "optimisation" for "optimization" */
function spellings(word) {
  var american = word.replace(/([a-z]{3}[iy])s(e|es|ed|ing|er|ers|ation|ations)$/, "$1z$2")
    .replace(/our(s|ed|ing|able|ite|ites|al)?$/, "or$1")
  return american === word ? [word] : [word, american]
}

function sameStem(word, lexicon) {
  var found = []
  spellings(word).forEach(function (spelling) {
    var key = stemKey(spelling)
    if (found.length || key.length < 3)
      return
    found = lexicon.stems.get(key) || []
    if (!found.length && key.length >= 4)
      lexicon.stems.forEach(function (words, other) {
        if (other.indexOf(key) === 0)
          found = found.concat(words)
      })
  })
  return withoutExtensions(found.slice().sort(byWeight(lexicon))).slice(0, MAX_ALTERNATIVES)
}

/* Drop words that another found word begins: Material searches "teenager" as "teenager*" */
function withoutExtensions(words) {
  return words.filter(function (word) {
    return !words.some(function (other) { return other !== word && word.indexOf(other) === 0 })
  })
}

/*
 * Edit distance with swaps of neighbours (optimal string alignment) between
 * the typed word and the page word, and between the typed word and the
 * closest start of the page word: [whole, start].
 */
function distances(typed, word, limit) {
  var m = typed.length, n = word.length
  var before = null, previous = [], current
  for (var j = 0; j <= n; j++) previous.push(j)
  for (var i = 1; i <= m; i++) {
    current = [i]
    var rowMin = i
    for (var j = 1; j <= n; j++) {
      var cost = typed[i - 1] === word[j - 1] ? 0 : 1
      var value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      if (before && i > 1 && j > 1 && typed[i - 1] === word[j - 2] && typed[i - 2] === word[j - 1])
        value = Math.min(value, before[j - 2] + 1)
      current.push(value)
      rowMin = Math.min(rowMin, value)
    }
    if (rowMin > limit)
      return [limit + 1, limit + 1]
    before = previous
    previous = current
  }
  return [previous[n], Math.min.apply(null, previous)]
}

function nearest(word, lexicon) {
  var limit = word.length >= 8 ? 2 : 1
  var best = limit + 1, found = []
  lexicon.words.forEach(function (candidate) {
    if (candidate.length < 3 || Math.abs(candidate.length - word.length) > limit && candidate.length < word.length)
      return
    var d = distances(word, candidate, limit)
    if (d[1] < best) {
      best = d[1]
      found = []
    }
    if (d[1] === best && best <= limit)
      found.push({ word: candidate, whole: d[0] })
  })
  found.sort(function (a, b) {
    return a.whole - b.whole || lexicon.weight.get(b.word) - lexicon.weight.get(a.word) || (a.word < b.word ? -1 : 1)
  })
  return withoutExtensions(found.map(function (f) { return f.word })).slice(0, MAX_ALTERNATIVES)
}
