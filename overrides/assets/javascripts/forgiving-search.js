/*
 * Forgiving search, page side: hand Material's search to
 * forgiving-search-worker.js, which runs Material's own worker inside it.
 *
 * Loaded with defer from partials/search.html, which comes before Material's
 * deferred bundle in the page, so this runs first: the bundle reads the worker
 * address from #__config when it starts, and finds ours there. Nothing else
 * of Material changes; without this script search works as Material ships it.
 */
(function () {
  "use strict"
  var script = document.currentScript
  var element = document.getElementById("__config")
  if (!script || !element || typeof Worker === "undefined" || location.protocol === "file:")
    return
  var config = JSON.parse(element.textContent)
  if (typeof config.search !== "string" || config.search.indexOf("forgiving") !== -1)
    return
  var worker = new URL("forgiving-search-worker.js", script.src)
  worker.searchParams.set("material", new URL(config.search, document.baseURI).href)
  config.search = worker.href
  element.textContent = JSON.stringify(config)
})()
