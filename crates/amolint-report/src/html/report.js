// amolint's HTML report: sorting, filtering and opening the widgets table. It never builds markup
// from widget text: a widget's findings are markup amolint escaped when it wrote the page, either
// already in the table or in the inert #findings block; everything else it writes is text
// (textContent) or its own constants.
//
// A small report has every row and finding in the page, readable without this script, which
// then only sorts, filters and folds. A large one carries its rows as data (#rows) and its
// findings as one block of markup (#findings); the script draws PAGE rows at a time and a
// widget's findings when its row opens, so the page opens fast whatever the size.
(function () {
  'use strict';
  var PAGE = 500;
  var doc = document;
  doc.documentElement.classList.add('js');
  var table = doc.getElementById('wt');
  if (!table) return;
  var block = doc.getElementById('findings');
  var island = doc.getElementById('rows');
  var fragments = null;
  var textBox = doc.getElementById('f-text');
  var sevBox = doc.getElementById('f-sev');
  var ruleBox = doc.getElementById('f-rule');
  var packBox = doc.getElementById('f-pack');
  var shownBox = doc.getElementById('shown');
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var known = !!table.tHead.querySelector('th[data-key=k]');
  var limit = island ? PAGE : Infinity;
  var pinned = null;

  // Each rule's documentation, from the rules section.
  var docs = {};
  Array.prototype.forEach.call(doc.querySelectorAll('.rule[id] a.doc'), function (a) {
    docs[a.closest('.rule').id.slice(5)] = a.getAttribute('href');
  });

  function sevOf(e, w, i) { return (e ? 'e' : '') + (w ? 'w' : '') + (i ? 'i' : ''); }

  var rows;
  if (island) {
    var data = JSON.parse(island.textContent);
    rows = data.rows.map(function (x, index) {
      var pick = function (list, ks) { return ' ' + ks.map(function (k) { return list[k]; }).join(' ') + ' '; };
      return {
        el: null, index: index, path: x[0], kind: x[1], platform: x[2],
        e: x[3], w: x[4], i: x[5], k: x[6], sev: sevOf(x[3], x[4], x[5]),
        rules: pick(data.rules, x[7]), packs: pick(data.packs, x[8]), text: null
      };
    });
  } else {
    rows = Array.prototype.map.call(table.tBodies, function (tb) {
      var cells = tb.rows[0].cells;
      var num = function (k) { return cells[k] ? parseInt(cells[k].textContent, 10) || 0 : 0; };
      return {
        el: tb, index: parseInt(tb.id.slice(2), 10), path: cells[0].textContent,
        kind: cells[1].textContent, platform: cells[2].textContent,
        e: num(3), w: num(4), i: num(5), k: num(6), sev: tb.getAttribute('data-sev'),
        rules: tb.getAttribute('data-rules'), packs: tb.getAttribute('data-packs'), text: null
      };
    });
  }
  var byIndex = {};
  rows.forEach(function (r) { byIndex[r.index] = r; });

  function cell(tr, className, text) {
    var td = doc.createElement('td');
    td.className = className;
    td.textContent = text;
    tr.appendChild(td);
    return td;
  }

  // A large report's row, drawn from its data.
  function build(r) {
    var tb = doc.createElement('tbody');
    tb.className = 'w';
    tb.id = 'w-' + r.index;
    tb.setAttribute('data-sev', r.sev);
    tb.setAttribute('data-rules', r.rules);
    tb.setAttribute('data-packs', r.packs);
    var tr = doc.createElement('tr');
    tr.className = 'row ' + (r.e ? 'e' : r.w ? 'w' : r.i ? 'i' : 'ok');
    var a = doc.createElement('a');
    a.href = '#w-' + r.index;
    a.textContent = r.path;
    a.setAttribute('aria-expanded', 'false');
    cell(tr, 'path', '').appendChild(a);
    cell(tr, '', r.kind);
    cell(tr, '', r.platform);
    ['e', 'w', 'i'].forEach(function (k) { cell(tr, 'num ' + k + (r[k] ? '' : ' z'), r[k]); });
    if (known) cell(tr, 'num k', r.k);
    tb.appendChild(tr);
    return tb;
  }

  // The markup of widget `index`'s findings in a large report.
  function fragment(index) {
    if (!fragments) {
      fragments = block.textContent.split('<w>');
      fragments.shift();
    }
    return fragments[index] || '';
  }

  function toggle(r, open) {
    var tb = r.el;
    if (open === undefined) open = !tb.classList.contains('open');
    if (open && !tb.rows[1] && block) {
      var tr = doc.createElement('tr');
      tr.className = 'detail';
      var td = doc.createElement('td');
      td.colSpan = tb.rows[0].cells.length;
      td.innerHTML = fragment(r.index);
      tr.appendChild(td);
      tb.appendChild(tr);
    }
    if (open && tb.rows[1] && !tb.rows[1].hasAttribute('data-docs')) {
      tb.rows[1].setAttribute('data-docs', '');
      Array.prototype.forEach.call(tb.rows[1].querySelectorAll('li.f'), function (f) {
        var code = f.querySelector('a.c').textContent;
        if (!docs[code]) return;
        var a = doc.createElement('a');
        a.className = 'doc';
        a.href = docs[code];
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        a.textContent = code + ' documentation';
        f.appendChild(a);
      });
    }
    tb.classList.toggle('open', open);
    tb.rows[0].cells[0].firstChild.setAttribute('aria-expanded', open ? 'true' : 'false');
  }

  var sortKey = null, sortDir = 1;
  var order = ['e', 'w', 'i'];
  function compare(a, b) {
    var x = a[sortKey], y = b[sortKey], c;
    if (typeof x === 'number') {
      c = x - y;
      // Ties among counts go to the worse widget: errors, then warnings, then infos.
      for (var n = 0; c === 0 && n < order.length; n++) c = a[order[n]] - b[order[n]];
    } else {
      c = x < y ? -1 : x > y ? 1 : 0;
    }
    return c * sortDir || a.index - b.index;
  }

  // The text a widget is searched by: its path and its findings' words.
  function searchText(r) {
    if (r.text === null) {
      var t = r.path + ' ' + r.kind + ' ' + r.platform + ' ';
      if (r.el && r.el.rows[1]) {
        t += r.el.rows[1].textContent;
      } else if (block) {
        t += fragment(r.index).replace(/<[^>]*>/g, ' ')
          .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'").replace(/&amp;/g, '&');
      }
      r.text = t.toLowerCase();
    }
    return r.text;
  }

  var more = doc.createElement('button');
  more.type = 'button';
  more.className = 'more';
  more.hidden = true;
  table.parentNode.insertBefore(more, table.nextSibling);
  more.addEventListener('click', function () { limit += PAGE; render(); });

  // Shows the rows that pass the filters, in the chosen order: all of them in a small report,
  // the first `limit` in a large one (plus a row opened from a link elsewhere, on top).
  function render() {
    var text = textBox.value.trim().toLowerCase();
    var sev = sevBox.value, rule = ruleBox.value, pack = packBox.value;
    var list = rows.filter(function (r) {
      return (!sev || (sev === 'none' ? r.sev === '' : r.sev.indexOf(sev) >= 0)) &&
        (!rule || r.rules.indexOf(' ' + rule + ' ') >= 0) &&
        (!pack || r.packs.indexOf(' ' + pack + ' ') >= 0) &&
        (!text || searchText(r).indexOf(text) >= 0);
    });
    if (sortKey) list.sort(compare);
    var shown = list.length > limit ? list.slice(0, limit) : list;
    if (pinned && shown.indexOf(pinned) < 0) shown = [pinned].concat(shown);
    var on = new Set(shown);
    rows.forEach(function (r) { if (r.el && !on.has(r)) r.el.hidden = true; });
    var frag = doc.createDocumentFragment();
    shown.forEach(function (r) {
      if (!r.el) r.el = build(r);
      r.el.hidden = false;
      frag.appendChild(r.el);
    });
    table.appendChild(frag);
    var total = rows.length + (rows.length === 1 ? ' widget' : ' widgets');
    shownBox.textContent = list.length === rows.length ? total : list.length + ' of ' + total;
    more.hidden = list.length <= shown.length;
    more.textContent = 'Show ' + Math.min(PAGE, list.length - shown.length) + ' more of ' +
      (list.length - shown.length) + ' not shown';
  }

  heads.forEach(function (th) {
    th.querySelector('button').addEventListener('click', function () {
      var key = th.getAttribute('data-key');
      if (sortKey === key) {
        sortDir = -sortDir;
      } else {
        sortKey = key;
        // Counts sort the largest first, text from A.
        sortDir = th.classList.contains('num') ? -1 : 1;
      }
      heads.forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', sortDir > 0 ? 'ascending' : 'descending');
      render();
    });
  });

  function clearFilters() {
    textBox.value = ''; sevBox.value = ''; ruleBox.value = ''; packBox.value = '';
  }
  var pending = 0;
  textBox.addEventListener('input', function () {
    clearTimeout(pending);
    pending = setTimeout(function () { pinned = null; render(); }, 150);
  });
  [sevBox, ruleBox, packBox].forEach(function (box) {
    box.addEventListener('change', function () { pinned = null; render(); });
  });

  // Opens a widget's row from a link elsewhere on the page, clearing filters that hide it.
  function reveal(r) {
    if (!r.el || r.el.hidden) {
      clearFilters();
      pinned = r;
      render();
    }
    toggle(r, true);
    r.el.scrollIntoView({ block: 'start' });
  }

  doc.addEventListener('click', function (ev) {
    var target = ev.target;
    if (!target.closest) return;
    var show = target.closest('button.show');
    if (show) {
      clearFilters();
      pinned = null;
      ruleBox.value = show.getAttribute('data-rule');
      render();
      doc.getElementById('widgets').scrollIntoView({ block: 'start' });
      return;
    }
    var row = target.closest('#wt tr.row');
    if (row) {
      ev.preventDefault();
      toggle(byIndex[parseInt(row.parentNode.id.slice(2), 10)]);
      return;
    }
    var link = target.closest('a[href^="#w-"]');
    if (link) {
      var r = byIndex[parseInt(link.getAttribute('href').slice(3), 10)];
      if (r) {
        ev.preventDefault();
        reveal(r);
      }
    }
  });

  render();
  rows.forEach(function (r) {
    if (r.el) r.el.rows[0].cells[0].firstChild.setAttribute('aria-expanded', 'false');
  });
  // A link to a widget (`report.html#w-12`) opens its row.
  function follow() {
    var hash = /^#w-(\d+)$/.exec(location.hash);
    if (hash && byIndex[hash[1]]) reveal(byIndex[hash[1]]);
  }
  window.addEventListener('hashchange', follow);
  follow();
})();
