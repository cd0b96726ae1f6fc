/* newsmirror's search page: the site's Pagefind index, asked as it was made.

   The index holds every article folded traditional → simplified, character by character
   (fold.js: the same table), each Han character a word of its own. So a query is folded
   the same way, and each word typed that holds Chinese is asked as an exact phrase of its
   characters ("北 约"): any run of characters finds the articles holding it, as Ctrl+F
   would, whatever a word segmenter would have made of it. Several words typed: the
   articles holding all of them. The index is in parts (one Pagefind bundle each), merged.

   Pagefind fetches its files, which browsers refuse from file://: the page's notice says
   so and stays. Nothing here writes HTML: results are built as elements and text. */
(function () {
  "use strict";
  var form = document.getElementById("search");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  if (!form || !status || !list || !more || location.protocol === "file:") {
    return; // the notice written in the page stays: search needs a web address
  }
  var input = form.querySelector("input");
  var button = form.querySelector("button");
  var parts = form.dataset.parts.split(" ").filter(Boolean);
  var sources = JSON.parse(form.dataset.sources || "{}");
  // The same ranges as folding.py's HAN.
  var HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{3134f}";
  var hasHan = new RegExp("[" + HAN + "]", "u");
  var eachHan = new RegExp("[" + HAN + "]", "gu");
  var wordLike = /[\p{L}\p{N}]/u; // a word of punctuation alone is no query
  var SAFE_PATH = /^(?!.*(^|\/)\.\.?(\/|$))[^:?#\\\s]+\.html$/;
  var PAGE = 20;
  var pagefind = null;
  var table = new Map();
  var found = [];
  var next = 0;
  var asked = 0;
  var waiting = null;

  function say(text) {
    status.textContent = text;
    status.hidden = !text;
  }

  function fold(text) {
    return Array.from(text, function (c) { return table.get(c) || c; }).join("");
  }

  // One Pagefind query per word typed; one with Chinese as an exact phrase of characters.
  function queries(text) {
    return fold(text).split(/\s+/).filter(function (word) {
      return wordLike.test(word);
    }).map(function (word) {
      if (!hasHan.test(word)) {
        return word;
      }
      return "\"" + word.replace(eachHan, " $& ").replace(/\s+/g, " ").trim() + "\"";
    });
  }

  // The results list says what it shows: aria-busy while a search runs, data-query the
  // words of the results shown.
  async function search(text) {
    if (text === list.dataset.query && list.getAttribute("aria-busy") !== "true") {
      return; // shown already (Enter after the words typed were searched)
    }
    var mine = ++asked;
    list.setAttribute("aria-busy", "true");
    var terms = queries(text);
    var results = null;
    for (var i = 0; i < terms.length; i++) {
      var response = await pagefind.search(terms[i]);
      if (results === null) {
        results = response.results;
      } else {
        var ids = new Set(response.results.map(function (r) { return r.id; }));
        results = results.filter(function (r) { return ids.has(r.id); });
      }
    }
    if (mine !== asked) {
      return; // a newer search has begun
    }
    found = results || [];
    next = 0;
    list.textContent = "";
    if (!terms.length) {
      say("");
    } else if (found.length) {
      say(form.dataset.found.replace("{n}", String(found.length)));
    } else {
      say(form.dataset.none);
    }
    await showMore(mine);
    if (mine === asked) {
      list.dataset.query = text;
      list.setAttribute("aria-busy", "false");
    }
  }

  async function showMore(mine) {
    var batch = found.slice(next, next + PAGE);
    next += batch.length;
    var pages = await Promise.all(batch.map(function (r) { return r.data(); }));
    if (mine !== asked) {
      return;
    }
    pages.forEach(function (page) {
      var shown = item(page);
      if (shown) {
        list.appendChild(shown);
      }
    });
    more.hidden = next >= found.length;
  }

  function element(name, className, text) {
    var made = document.createElement(name);
    if (className) {
      made.className = className;
    }
    if (text) {
      made.textContent = text;
    }
    return made;
  }

  // A result: its title linking to the article page (relative to this page, at the
  // site's top), the outlet and date read from that path, Pagefind's excerpt.
  function item(page) {
    var path = page.raw_url || "";
    if (!SAFE_PATH.test(path)) {
      return null;
    }
    var steps = path.split("/");
    var li = element("li");
    var link = element("a", "", (page.meta && page.meta.title) || path);
    link.href = path;
    li.appendChild(element("h2", "")).appendChild(link);
    var meta = [sources[steps[0]] || steps[0]];
    if (steps.length >= 5) {
      meta.push(steps.slice(1, 4).join("-"));
    }
    li.appendChild(element("p", "meta", meta.join(" · ")));
    li.appendChild(excerpt(page.excerpt || ""));
    return li;
  }

  // Pagefind's excerpt is text with < and > escaped and the matches in <mark>: made
  // into text nodes and <mark> elements, never parsed as HTML.
  function excerpt(marked) {
    var shown = element("p", "excerpt");
    var inMark = false;
    marked.split(/(<mark>|<\/mark>)/).forEach(function (piece) {
      if (piece === "<mark>" || piece === "</mark>") {
        inMark = piece === "<mark>";
        return;
      }
      var text = piece.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
      if (text) {
        shown.appendChild(inMark ? element("mark", "", text) : document.createTextNode(text));
      }
    });
    return shown;
  }

  function fromAddress() {
    return new URLSearchParams(location.search).get("q") || "";
  }

  function go(text, remember) {
    if (remember) {
      var address = new URL(location.href);
      address.searchParams.set("q", text);
      history.replaceState(null, "", address.href);
    }
    search(text).catch(function () {
      say(form.dataset.failed);
      list.setAttribute("aria-busy", "false");
    });
  }

  async function start() {
    say(form.dataset.loading);
    var loaded = await Promise.all([
      import(new URL("search/fold.js", location.href).href),
      import(new URL(parts[0] + "pagefind.js", location.href).href),
    ]);
    var from = Array.from(loaded[0].FROM);
    var to = Array.from(loaded[0].TO);
    from.forEach(function (c, i) { table.set(c, to[i]); });
    pagefind = loaded[1];
    var options = { excerptLength: 60 };
    await pagefind.options(options);
    await Promise.all(parts.slice(1).map(function (part) {
      return pagefind.mergeIndex(new URL(part, location.href).href, options);
    }));
    input.disabled = false;
    button.disabled = false;
    say("");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      go(input.value, true);
    });
    input.addEventListener("input", function (event) {
      if (event.isComposing) {
        return; // an input method is still composing the word
      }
      clearTimeout(waiting);
      waiting = setTimeout(function () { go(input.value, true); }, 300);
    });
    more.addEventListener("click", function () { showMore(asked); });
    var first = fromAddress();
    if (first) {
      input.value = first;
      go(first, false);
    }
  }

  if (!parts.length) {
    say(form.dataset.none); // no article indexed yet
    return;
  }
  start().catch(function () { say(form.dataset.failed); });
})();
