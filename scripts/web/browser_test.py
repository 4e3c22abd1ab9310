#!/usr/bin/env python3
"""rasid serve in a real browser: headless Chromium driven through WebDriver (selenium).

Starts `rasid serve` on a store, walks search → article → entity → network → map →
events → stories like a user (clicking, and the back button), and fails on:
  - a console error or a failed request on any page,
  - a page whose <html> is not dir=rtl lang=ar,
  - a page that draws nothing (no hits, no highlighted names, no graph nodes, no places),
  - the hostile article running anything (<script>, <img onerror>) or its bidi controls
    left raw in the page.
Saves a screenshot of each page (--shots) and prints one JSON line of what it measured:
the first render of a search in the browser (ms from navigation start; median of 5).

usage: browser_test.py --rasid BIN --store STORE|postgres://... --query WORD [--shots DIR]
"""

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
import urllib.parse

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def start_server(rasid, store):
    # A PostgreSQL URL is served from the database (`rasid serve --db`).
    flag = "--db" if store.startswith(("postgres://", "postgresql://")) else "--store"
    p = subprocess.Popen([rasid, "serve", flag, store, "--addr", "127.0.0.1:0"],
                         stderr=subprocess.PIPE, text=True)
    line = p.stderr.readline()
    m = re.search(r"http://(127\.0\.0\.1:\d+)/", line)
    if not m:
        p.kill()
        sys.exit(f"rasid serve did not start: {line}{p.stderr.read()}")
    return p, "http://" + m.group(1)


def browser():
    o = webdriver.ChromeOptions()
    o.binary_location = "/usr/bin/chromium"
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--disable-quic", "--no-first-run", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
              "--lang=ar"]:
        o.add_argument(a)
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)


class Walk:
    def __init__(self, driver, base, shots):
        self.d, self.base, self.shots = driver, base, shots
        self.problems = []

    def wait_page(self, page, timeout=30):
        """Waits until the page named `page` has drawn (body[data-page])."""
        WebDriverWait(self.d, timeout).until(
            lambda d: d.execute_script("return document.body.dataset.page") == page
            or d.find_elements(By.CSS_SELECTOR, "main .notice"))
        err = self.d.find_elements(By.CSS_SELECTOR, "main .notice")
        if err and self.d.execute_script("return document.body.dataset.page") != page:
            self.fail(f"{page}: the page shows an error: {err[0].text}")
        # d3's force layout and the map settle a moment after the data is drawn.
        time.sleep(0.8)

    def fail(self, why):
        self.problems.append(why)
        print("FAIL", why, file=sys.stderr)

    def check(self, name):
        html = self.d.find_element(By.TAG_NAME, "html")
        if html.get_attribute("dir") != "rtl" or html.get_attribute("lang") != "ar":
            self.fail(f"{name}: <html> is not dir=rtl lang=ar")
        for entry in self.d.get_log("browser"):
            if entry["level"] in ("SEVERE", "ERROR"):
                self.fail(f"{name}: console: {entry['message']}")
        if self.shots:
            self.d.save_screenshot(f"{self.shots}/{name}.png")

    def count(self, css):
        return len(self.d.find_elements(By.CSS_SELECTOR, css))


def run(a):
    server, base = start_server(a.rasid, a.store)
    d = browser()
    w = Walk(d, base, a.shots)
    out = {}
    try:
        # The corpus views (entities, events) are computed when the server starts.
        for _ in range(120):
            s = json.loads(subprocess.run(["curl", "-s", base + "/api/v1/status"], capture_output=True, text=True).stdout or "{}")
            if s.get("snapshot_ready"):
                break
            time.sleep(0.5)
        q = urllib.parse.quote(a.query)
        # First render of a search: a fresh load each time, median of five.
        renders = []
        for _ in range(5):
            d.get(f"{base}/search?q={q}")
            w.wait_page("search")
            renders.append(int(d.execute_script("return document.body.dataset.rendered")))
        out["search_first_render_ms"] = {"median": statistics.median(renders), "all": renders}
        hits = w.count("li.hit")
        if hits == 0:
            w.fail("search: no hits")
        if w.count(".facet li") == 0:
            w.fail("search: no facets")
        if w.count(".chart svg rect") == 0:
            w.fail("search: no date histogram")
        w.check("search")

        # A facet narrows the search; back returns to the search before it.
        before = d.current_url
        d.find_elements(By.CSS_SELECTOR, ".facet li a")[0].click()
        WebDriverWait(d, 20).until(lambda d: d.current_url != before)
        w.wait_page("search")
        if w.count(".chip") == 0:
            w.fail("search: a facet did not become a filter")
        d.back()
        WebDriverWait(d, 20).until(lambda d: d.current_url == before)
        w.wait_page("search")

        # search → article: the first hit with a highlighted person.
        d.find_elements(By.CSS_SELECTOR, "li.hit .title a")[0].click()
        w.wait_page("article")
        if w.count(".article-text .m") == 0:
            w.fail("article: no names highlighted")
        w.check("article")
        # Find an article with a person linked to the store's entity, among the hits.
        links = w.count(".article-text .m.PER[data-href]")
        if links == 0:
            d.back()
            w.wait_page("search")
            for i in range(1, min(hits, 10)):
                d.find_elements(By.CSS_SELECTOR, "li.hit .title a")[i].click()
                w.wait_page("article")
                if w.count(".article-text .m.PER[data-href]"):
                    break
                d.back()
                w.wait_page("search")
        # article → entity
        person = d.find_elements(By.CSS_SELECTOR, ".article-text .m.PER[data-href]")
        if not person:
            w.fail("article: no person links to an entity page")
        else:
            person[0].click()
            w.wait_page("entity")
            if w.count("h1") == 0 or w.count(".chart svg rect") == 0:
                w.fail("entity: no profile or no timeline")
            w.check("entity")
            # The back button returns to the article.
            d.back()
            w.wait_page("article")

        # entity → network (the menu), then a click on a node opens its entity.
        d.find_element(By.CSS_SELECTOR, ".bar nav a[data-view=network]").click()
        w.wait_page("network")
        nodes = w.count(".graph .node circle")
        out["network_nodes"] = nodes
        if nodes == 0:
            w.fail("network: no nodes")
        w.check("network")
        if nodes:
            d.execute_script("document.querySelector('.graph .node circle').dispatchEvent(new MouseEvent('click', {bubbles: true}))")
            w.wait_page("entity")
            d.back()
            w.wait_page("network")

        # network → map of the search's places
        d.get(f"{base}/map?q={q}")
        w.wait_page("map")
        places = w.count(".map circle.place")
        out["map_places"] = places
        if places == 0 or w.count(".map path.land") < 100:
            w.fail(f"map: {places} places, {w.count('.map path.land')} country shapes")
        w.check("map")

        d.get(f"{base}/events")
        w.wait_page("events")
        if w.count(".chart svg rect") == 0:
            w.fail("events: no timeline")
        w.check("events")

        d.get(f"{base}/stories")
        w.wait_page("stories")
        w.check("stories")

        if not a.hostile:
            return finish(w, out)
        # The hostile article: nothing it holds may run, its bidi controls are shown.
        d.get(f"{base}/articles/{a.hostile}")
        w.wait_page("article")
        pwned = d.execute_script("return window.__pwned")
        if pwned is not None:
            w.fail(f"hostile: the article's markup ran (window.__pwned = {pwned})")
        if d.find_elements(By.CSS_SELECTOR, "img[src=x], main script"):
            w.fail("hostile: the article's markup became elements")
        text = d.find_element(By.CSS_SELECTOR, ".article-text").text + d.find_element(By.TAG_NAME, "h1").text
        if "<script>" not in text or "onerror" not in text:
            w.fail("hostile: the markup is not shown as text")
        if BIDI.search(d.find_element(By.TAG_NAME, "main").text):
            w.fail("hostile: bidi control characters left raw in the page")
        if w.count(".ctl") == 0:
            w.fail("hostile: bidi controls not shown as marks")
        if d.find_elements(By.CSS_SELECTOR, "a[href^='javascript']"):
            w.fail("hostile: a javascript: URL became a link")
        w.check("hostile")
    finally:
        d.quit()
        server.terminate()
        server.wait(10)
    return finish(w, out)


def finish(w, out):
    out["problems"] = w.problems
    print(json.dumps(out, ensure_ascii=False))
    return 1 if w.problems else 0


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--rasid", required=True)
    p.add_argument("--store", required=True)
    p.add_argument("--query", required=True)
    p.add_argument("--hostile", default="hostile-1", help="id of the hostile article; '' skips it (a store without it)")
    p.add_argument("--shots")
    sys.exit(run(p.parse_args()))
