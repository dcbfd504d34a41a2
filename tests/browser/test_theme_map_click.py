"""The theme map on the home page, as a reader uses it: a click (or Enter) on a
theme opens it, axe-core finds nothing wrong with it in either palette, and it
fits a phone."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .browsing import THEME_PAGES, ColorScheme, Site, front_matter

AXE = Axe()
SCHEMES = {"light": "default", "dark": "slate"}
MAP = "figure.theme-map"


def node(page: Page, theme: str):
    slug = theme.removeprefix("themes/").rstrip("/")
    return page.locator(f"{MAP} svg a.theme-map__node[data-theme='{slug}']")


@pytest.mark.parametrize("theme", THEME_PAGES)
def test_clicking_a_node_lands_on_its_theme(page: Page, site: Site, theme: str) -> None:
    page.goto(site.url)
    node(page, theme).click()
    expect(page).to_have_url(site.page_url(theme))
    expect(page.locator("article h1")).to_contain_text(front_matter(theme)["title"])


def test_a_node_opens_from_the_keyboard(page: Page, site: Site) -> None:
    page.goto(site.url)
    target = node(page, THEME_PAGES[-1])
    target.focus()
    expect(target).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(site.page_url(THEME_PAGES[-1]))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_map_has_no_axe_violations(page: Page, site: Site, scheme: ColorScheme) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(site.url, wait_until="networkidle")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
    expect(page.locator(MAP)).to_be_visible()
    results = AXE.run(page, context=MAP)
    assert results.violations_count == 0, results.generate_report()
    # axe looked at the map, not at an empty selection: its text passed the contrast check.
    checked = {rule["id"] for rule in results.response["passes"]}
    assert "color-contrast" in checked


def test_screen_readers_get_each_node_as_a_named_focusable_link(page: Page, site: Site) -> None:
    """What Chromium's accessibility tree says about each node (axe checks only
    a[href] for link names, and the map's links use xlink:href; see scripts/theme_map.py)."""
    page.goto(site.url)
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    nodes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": f"{MAP} a"})["nodeIds"]
    labels = page.locator(f"{MAP} a").evaluate_all(
        "links => links.map(a => [...a.querySelectorAll('tspan')].map(t => t.textContent).join(' '))"
    )
    assert len(nodes) == len(THEME_PAGES) == len(labels)
    for node_id, label in zip(nodes, labels, strict=True):
        ax = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node_id, "fetchRelatives": False})["nodes"][0]
        properties = {p["name"]: p["value"]["value"] for p in ax.get("properties", [])}
        assert not ax["ignored"] and ax["role"]["value"] == "link", ax
        assert ax["name"]["value"] == label
        assert properties.get("focusable") is True


def test_the_map_fits_a_phone_and_its_labels_stay_legible(page: Page, site: Site) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site.url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    figure = page.locator(MAP).bounding_box()
    assert figure is not None
    assert figure["x"] >= 0 and figure["x"] + figure["width"] <= 390
    for theme in THEME_PAGES:
        box = node(page, theme).bounding_box()
        assert box is not None, theme
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, theme
    # SVG text scales with the map: at phone width it must still be 11 px or more.
    smallest = page.locator(f"{MAP} text").evaluate_all(
        "texts => Math.min(...texts.map(t => t.getBoundingClientRect().height))"
    )
    assert smallest >= 11


@pytest.mark.parametrize("which", ["site", "pages_site"])
def test_the_map_raises_no_script_error(page: Page, which: str, request: pytest.FixtureRequest) -> None:
    """Material's scripts walk every link on the page (instant navigation makes them
    absolute); the map's links must not trip them, with instant navigation off or on."""
    served: Site = request.getfixturevalue(which)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(served.url, wait_until="networkidle")
    expect(page.locator(MAP)).to_be_visible()
    node(page, THEME_PAGES[1]).click()
    expect(page).to_have_url(served.page_url(THEME_PAGES[1]))
    assert errors == []
