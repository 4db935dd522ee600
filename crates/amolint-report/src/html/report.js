// amolint's HTML report: sorting, filtering and opening the widgets table. The page reads
// without this script; it only adds behaviour. It never builds markup from widget text: a
// widget's findings come as markup amolint escaped when it wrote the page, either already in
// the table or in the inert #findings block (large reports), and everything else it writes is
// text (textContent) or its own constants.
(function () {
  'use strict';
  var doc = document;
  doc.documentElement.classList.add('js');
  var table = doc.getElementById('wt');
  if (!table) return;
  var block = doc.getElementById('findings');
  var fragments = null;
  var textBox = doc.getElementById('f-text');
  var sevBox = doc.getElementById('f-sev');
  var ruleBox = doc.getElementById('f-rule');
  var packBox = doc.getElementById('f-pack');
  var shownBox = doc.getElementById('shown');
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);

  var rows = Array.prototype.map.call(table.tBodies, function (tb) {
    var cells = tb.rows[0].cells;
    var num = function (k) { return cells[k] ? parseInt(cells[k].textContent, 10) || 0 : 0; };
    return {
      el: tb,
      index: parseInt(tb.id.slice(2), 10),
      path: cells[0].textContent,
      kind: cells[1].textContent,
      platform: cells[2].textContent,
      e: num(3), w: num(4), i: num(5), k: num(6),
      sev: tb.getAttribute('data-sev'),
      rules: tb.getAttribute('data-rules'),
      packs: tb.getAttribute('data-packs'),
      text: null
    };
  });
  var byIndex = {};
  rows.forEach(function (r) { byIndex[r.index] = r; });

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
    tb.classList.toggle('open', open);
    tb.rows[0].cells[0].firstChild.setAttribute('aria-expanded', open ? 'true' : 'false');
  }

  // Opens a widget's row from a link elsewhere on the page, clearing filters that hide it.
  function reveal(r) {
    if (r.el.hidden) {
      textBox.value = ''; sevBox.value = ''; ruleBox.value = ''; packBox.value = '';
      filter();
    }
    toggle(r, true);
    r.el.scrollIntoView({ block: 'start' });
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
  function sortBy(key, th) {
    if (sortKey === key) {
      sortDir = -sortDir;
    } else {
      sortKey = key;
      // Counts sort the largest first, text from A.
      sortDir = th.classList.contains('num') ? -1 : 1;
    }
    heads.forEach(function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', sortDir > 0 ? 'ascending' : 'descending');
    var sorted = rows.slice().sort(compare);
    var frag = doc.createDocumentFragment();
    sorted.forEach(function (r) { frag.appendChild(r.el); });
    table.appendChild(frag);
  }
  heads.forEach(function (th) {
    th.querySelector('button').addEventListener('click', function () {
      sortBy(th.getAttribute('data-key'), th);
    });
  });

  // The text a widget is searched by: its path and its findings' words.
  function searchText(r) {
    if (r.text === null) {
      var t = r.path + ' ' + r.kind + ' ' + r.platform + ' ';
      if (r.el.rows[1]) {
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

  function filter() {
    var text = textBox.value.trim().toLowerCase();
    var sev = sevBox.value, rule = ruleBox.value, pack = packBox.value;
    var shown = 0;
    rows.forEach(function (r) {
      var ok = (!sev || (sev === 'none' ? r.sev === '' : r.sev.indexOf(sev) >= 0)) &&
        (!rule || r.rules.indexOf(' ' + rule + ' ') >= 0) &&
        (!pack || r.packs.indexOf(' ' + pack + ' ') >= 0) &&
        (!text || searchText(r).indexOf(text) >= 0);
      if (r.el.hidden === ok) r.el.hidden = !ok;
      if (ok) shown++;
    });
    shownBox.textContent = shown === rows.length
      ? rows.length + (rows.length === 1 ? ' widget' : ' widgets')
      : shown + ' of ' + rows.length + ' widgets';
  }
  var pending = 0;
  textBox.addEventListener('input', function () {
    clearTimeout(pending);
    pending = setTimeout(filter, 150);
  });
  [sevBox, ruleBox, packBox].forEach(function (box) { box.addEventListener('change', filter); });

  doc.addEventListener('click', function (ev) {
    var target = ev.target;
    var show = target.closest && target.closest('button.show');
    if (show) {
      textBox.value = ''; sevBox.value = ''; packBox.value = '';
      ruleBox.value = show.getAttribute('data-rule');
      filter();
      doc.getElementById('widgets').scrollIntoView({ block: 'start' });
      return;
    }
    var row = target.closest && target.closest('#wt tr.row');
    if (row) {
      ev.preventDefault();
      toggle(byIndex[parseInt(row.parentNode.id.slice(2), 10)]);
      return;
    }
    var link = target.closest && target.closest('a[href^="#w-"]');
    if (link) {
      var r = byIndex[parseInt(link.getAttribute('href').slice(3), 10)];
      if (r) {
        ev.preventDefault();
        reveal(r);
      }
    }
  });

  rows.forEach(function (r) { r.el.rows[0].cells[0].firstChild.setAttribute('aria-expanded', 'false'); });
  var hash = /^#w-(\d+)$/.exec(location.hash);
  if (hash && byIndex[hash[1]]) reveal(byIndex[hash[1]]);
  filter();
})();
