"""The programs the page objects run inside the page: each reads in one call what would otherwise
take dozens of round trips, and none of them depends on an id or class."""

# Reads the short blocks of text a person would read as a message, with whether each sits in an
# ARIA live region (where accessible sites put the outcome of an action) and where in the window it
# starts. Tables, menus, controls and field names are left out: a history table or a "Received:"
# label is not this upload's answer.
# Whether an element shows: one rule for every script, so that what the census counts, what a
# dropdown offers and what a page asks are all seen alike. A script marks where it wants it.
_SHOWN = """  const shown = el => {
    const s = getComputedStyle(el);
    return s.display !== 'none' && s.visibility !== 'hidden' && el.getClientRects().length > 0;
  };
"""
_SHOWN_MARK = "  // shown(el): whether it shows, as every script here judges it\n"


# Every match of a selector in the page and in its open shadow roots (a web component's form), in the
# order Playwright's CSS locators count them: the document's own matches first, then each shadow root's
# in the order of its host, depth first. The census's indices and Playwright's nth() then agree.
_DEEP = """  const deepAll = (root, css) => {
    const found = [...root.querySelectorAll(css)];
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) found.push(...deepAll(el.shadowRoot, css));
    return found;
  };
"""
_CONTROLS_ALL = "document.querySelectorAll('input, select, textarea')"


def _seeing(script: str) -> str:
    return _deep(script.replace(_SHOWN_MARK, _SHOWN))


def _deep(script: str) -> str:
    """A script that counts the form's controls counts those in open shadow roots too."""
    if _CONTROLS_ALL not in script and "deepAll(" not in script:
        return script
    body = script.replace(_CONTROLS_ALL, "deepAll(document, 'input, select, textarea')")
    head, arrow, rest = body.partition("=> {\n")
    return head + arrow + _DEEP + rest


MESSAGES_JS = """
() => {
  // Whole subtrees are pruned (tables, menus, controls, field names, anything hidden), so a long
  // history table costs nothing however often the page is read.
  const skip = new Set(['TABLE', 'NAV', 'SELECT', 'OPTION', 'SCRIPT', 'STYLE', 'NOSCRIPT', 'BUTTON', 'LABEL',
                        'TEMPLATE', 'HEAD', 'DT', 'LEGEND', 'CAPTION']);
  const liveRegion = '[role=alert], [role=status], [aria-live]:not([aria-live=off]), output';
  const out = [];
  const walk = (el, live) => {
    if (skip.has(el.tagName)) return;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') return;
    const own = el.matches(liveRegion);
    live = live || own;
    const kids = [...el.children];
    const blockKids = kids.some(k => {
      const d = getComputedStyle(k).display;
      return !d.startsWith('inline') && d !== 'contents' && d !== 'none';
    });
    if (own || !blockKids) {
      const text = (el.innerText || '').replace(/\\s+/g, ' ').trim();
      if (text && text.length <= 600 && el.getClientRects().length) {
        out.push([text, live, el.getBoundingClientRect().top]);
      }
    }
    for (const kid of kids) walk(kid, live);
  };
  for (const kid of document.body ? document.body.children : []) walk(kid, false);
  return out;
}
"""

# The browser's own refusal of a form (a required field left empty, a user name that is not an
# e-mail address): no request is sent, so the only trace is each field's validation message.
INVALID_JS = """
scope => {
  const form = scope.closest('form') || scope.querySelector('form');
  if (form && form.noValidate) return null;
  const root = form || scope;
  for (const el of root.querySelectorAll('input, select, textarea')) {
    if (el.type !== 'hidden' && !el.disabled && !el.checkValidity()) {
      const label = (el.labels && el.labels[0] && el.labels[0].innerText)
          || el.getAttribute('aria-label') || el.name || '';
      return (label ? label.trim() + ': ' : '') + el.validationMessage;
    }
  }
  return null;
}
"""

# Whether the page says it is still loading something: an element marked aria-busy, or a short line
# that starts with one of the words and ends in an ellipsis ("Loading your submissions...").
BUSY_JS = _seeing("""
words => {
  // shown(el): whether it shows, as every script here judges it
  if ([...document.querySelectorAll('[aria-busy=true]')].some(shown)) return true;
  const lower = words.map(w => w.toLowerCase());
  return (document.body.innerText || '').split('\\n').map(l => l.trim())
    .some(l => l.length <= 60 && (l.endsWith('...') || l.endsWith('\u2026'))
      && lower.some(w => l.toLowerCase().startsWith(w)));
}
""")

# Every table on the page: its title (caption, label, or the heading just before it), whether it
# holds controls of a form (a form laid out in a table is no list), each row (its words, whether its
# table shows sizes, the cell of any column headed as an id or number (the site's submission id),
# the cell of a column headed Status), and whether a pager beside it says it goes on over other pages.
# None when the page has no table.
_TITLE_MARK = "  // titleOf(table): its caption, label, or the heading just before it\n"
_TITLE_OF = """  const heading = 'h1, h2, h3, h4, h5, h6, [role=heading], legend';
  const titleOf = table => {
    const caption = table.querySelector('caption');
    if (caption && clean(caption)) return clean(caption);
    if (table.getAttribute('aria-label')) return table.getAttribute('aria-label').trim();
    const by = (table.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
      .map(id => document.getElementById(id)).filter(Boolean).map(clean).join(' ');
    if (by) return by;
    let node = table;
    for (let depth = 0; node && depth < 4; depth++, node = node.parentElement) {
      for (let prev = node.previousElementSibling; prev; prev = prev.previousElementSibling) {
        if (prev.matches(heading)) return clean(prev);
        const inner = [...prev.querySelectorAll(heading)];
        if (inner.length) return clean(inner[inner.length - 1]);
      }
    }
    return '';
  };
"""


def _titled(script: str) -> str:
    return script.replace(_TITLE_MARK, _TITLE_OF)


HISTORY_JS = _titled("""
() => {
  const tables = [...document.querySelectorAll('table, [role=table], [role=grid]')];
  if (!tables.length) return null;
  const clean = el => (el ? (el.innerText || el.textContent || '') : '').replace(/\\s+/g, ' ').trim();
  // titleOf(table): its caption, label, or the heading just before it
  return tables.map(table => {
    const head = table.querySelector('thead tr, tr, [role=row]');
    const heads = head ? [...head.querySelectorAll('th, td, [role=columnheader]')].map(clean) : [];
    const sized = heads.some(h => /size|bytes/i.test(h));
    const numberAt = heads.findIndex(h => /\\b(id|number|no\\.?|reference|confirmation|receipt)\\b/i.test(h));
    const statusAt = heads.findIndex(h => /^(status|state|file status|upload status)$/i.test(h));
    const rows = [];
    for (const line of table.querySelectorAll('tr, [role=row]')) {
      if (line === head) continue;
      const cells = [...line.querySelectorAll('td, th, [role=cell], [role=gridcell]')].map(clean);
      const whole = cells.length === heads.length;
      const id = numberAt >= 0 && whole ? cells[numberAt] : null;
      const status = statusAt >= 0 && whole ? cells[statusAt] : '';
      // A link to what the site says of the file: its details, errors or report.
      const about = /\\b(details?|errors?|report|reasons?|log|view|why)\\b/i;
      const more = [...line.querySelectorAll('a[href]')]
        .find(a => about.test(clean(a) || a.getAttribute('aria-label') || ''));
      rows.push([clean(line), sized, id || null, status, more ? more.href : '']);
    }
    const controls = !!table.querySelector('input[type=file], select, textarea, input[type=text]');
    // A pager beside the table (Next, a "Page 1 of 3"): the list goes on over pages not read here.
    const pagerWords = /^(next|next page|older|more|show more|load more|\\u203a|\\u00bb|>|>>)$/i;
    let holder = table.parentElement;
    let paged = false;
    // Only after the table, and never a form's own button (a two-step form's Next is no pager).
    const after = el => !!(table.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)
      && !table.contains(el) && el.type !== 'submit';
    for (let depth = 0; holder && depth < 2 && !paged; depth++, holder = holder.parentElement) {
      paged = [...holder.querySelectorAll('a, button, [role=button], [role=link]')].some(el =>
        after(el) && (pagerWords.test(clean(el)) || /^next/i.test(el.getAttribute('aria-label') || '')))
        || /\\bpage\\s+\\d+\\s+of\\s+\\d+\\b/i.test(clean(holder).slice(-400));
    }
    return [titleOf(table), controls, rows, paged];
  });
}
""")

# A row's table: [its title, how many rows of data it holds].
ROW_TABLE_JS = _titled("""
row => {
  const clean = el => (el ? (el.innerText || el.textContent || '') : '').replace(/\\s+/g, ' ').trim();
  // titleOf(table): its caption, label, or the heading just before it
  const table = row.closest('table, [role=table], [role=grid]');
  if (!table) return ['', 0];
  const lines = [...table.querySelectorAll('tr, [role=row]')].filter(r => !r.querySelector('th, [role=columnheader]'));
  return [titleOf(table), lines.length];
}
""")

# Where a button stands beside the file input: [in the same table row as the file input, in another
# file's row: one holding a file input of its own, or in a table that does not hold the file input (a
# staged file's own Submit)]. A form laid out in a table keeps its button in a row of its own.
BUTTON_PLACE_JS = """
(button, file) => {
  const row = button.closest('tr, [role=row]');
  if (!row) return [false, false];
  const table = row.closest('table, [role=table], [role=grid]');
  const mine = row.contains(file);
  const other = !mine && (!!row.querySelector('input[type=file]') || (!!table && !table.contains(file)));
  return [mine, other];
}
"""

# Every form control a person could change on the page, with the name a person reads beside it:
# aria-labelledby, aria-label, its <label> (for= or wrapping, without the control's own text),
# title, placeholder, or the text just before it (the cell to its left in a table, or the element
# before it). Hidden inputs, buttons and disabled controls are left out; a file input counts even
# when a drop zone hides it, and so does a hidden list. Each row: [index among input/select/textarea,
# kind, name, value, options, inside a search form, required, hidden, the name it is posted under,
# a radio button's group question, what the page says of the value it wants, "aria" for an ARIA
# combobox that is no form control (its index then counts [role=combobox] elements), the file row
# it belongs to (-1: shared by all rows, or a form with one file input), whether a person can type
# into it]. ARIA comboboxes come first.
CONTROLS_JS = _seeing("""
() => {
  const clean = s => (s || '').replace(/[\\u200b\\u200c\\u200d\\ufeff]/g, '').replace(/\\s+/g, ' ').trim();
  const own = el => clean([...el.childNodes].filter(n => n.nodeType === 3
      || (n.nodeType === 1 && !n.matches('select, input, textarea, option')))
      .map(n => n.nodeType === 3 ? n.textContent : (n.innerText || n.textContent)).join(' '));
  // shown(el): whether it shows, as every script here judges it
  const before = el => {
    const cell = el.closest('td, th, [role=cell], [role=gridcell]');
    if (cell && cell.previousElementSibling) return clean(cell.previousElementSibling.innerText);
    let node = el;
    for (let depth = 0; node && depth < 3; depth++, node = node.parentElement) {
      let prev = node.previousElementSibling;
      while (prev && !clean(prev.innerText)) prev = prev.previousElementSibling;
      if (prev) return clean(prev.innerText);
    }
    return '';
  };
  // The help a page writes right after a control, in the same block ("Example: 2023-24"): the short
  // texts that follow it, up to the next label or control.
  const helpAfter = el => {
    const said = [];
    for (let next = el.nextElementSibling; next; next = next.nextElementSibling) {
      if (next.matches('label, input, select, textarea, button')
          || next.querySelector('label, input, select, textarea, button')) break;
      const text = clean(next.innerText);
      if (text && text.length <= 160 && shown(next)) said.push(text);
    }
    return said.join(' ');
  };
  const nameOf = el => {
    // A toolkit's combobox names itself too (Material UI: its label, then its own shown value).
    const by = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(id => id && id !== el.id)
        .map(id => el.getRootNode().getElementById(id)).filter(Boolean).map(e => clean(e.innerText)).join(' ');
    const label = (el.labels && el.labels[0]) || el.closest('label');
    return by || clean(el.getAttribute('aria-label')) || (label ? own(label) : '')
        || clean(el.getAttribute('title')) || clean(el.getAttribute('placeholder')) || before(el);
  };
  // An ARIA combobox's options: the [role=option] elements of the listbox it controls, whether it
  // is open or not. Each: [its value (data-value, value or id, else its words), its words].
  const optionsOf = el => {
    const ids = [el.getAttribute('aria-controls'), el.getAttribute('aria-owns')].join(' ')
        .split(/\\s+/).filter(Boolean);
    const owned = ids.map(id => document.getElementById(id)).filter(Boolean);
    return owned.flatMap(one => [...one.querySelectorAll('[role=option]')]).map(o => {
      const text = clean(o.textContent);
      return [o.dataset.value || o.getAttribute('value') || o.id || text, text];
    });
  };
  // Several file inputs on one form (rows of file + file type): the row a control belongs to is
  // the file input its largest ancestor holding just one file input holds; -1 for shared controls.
  const files = [...document.querySelectorAll('input[type=file]')];
  const uploadForm = files.length ? files[0].form : null;
  const rowOf = el => {
    if (files.length < 2) return -1;
    let row = -1;
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const inside = files.filter(f => node.contains(f));
      if (inside.length > 1) break;
      if (inside.length === 1) row = files.indexOf(inside[0]);
    }
    return row;
  };
  // A combobox drawn beside a hidden native list stands in for it (Select2): the list is the control.
  const standsIn = el => {
    for (let node = el, depth = 0; node && depth < 4; node = node.parentElement, depth++) {
      for (const near of [node.previousElementSibling, node.nextElementSibling]) {
        if (near && near.tagName === 'SELECT' && !shown(near)) return true;
      }
    }
    return false;
  };
  const comboboxes = [...document.querySelectorAll('[role=combobox]:not(input):not(select):not(textarea)')]
    .map((el, index) => shown(el) && el.getAttribute('aria-disabled') !== 'true' && !standsIn(el)
      ? [index, 'combobox', nameOf(el), clean(el.innerText), optionsOf(el), false,
         el.getAttribute('aria-required') === 'true', false, '', '', '', 'aria', rowOf(el), el.isContentEditable]
      : null)
    .filter(Boolean);
  return comboboxes.concat([...document.querySelectorAll('input, select, textarea')].map((el, index) => {
    const kind = el.getAttribute('role') === 'combobox' && el.tagName === 'INPUT' ? 'combobox'
        : el.tagName === 'INPUT' ? (el.type || 'text').toLowerCase() : el.tagName.toLowerCase();
    if (['hidden', 'submit', 'button', 'reset', 'image'].includes(kind) || el.disabled) return null;
    // A box hidden from people and from the keyboard (a toolkit's value holder) is no question asked.
    if (el.getAttribute('aria-hidden') === 'true' && el.tabIndex < 0 && !['select', 'file'].includes(kind)) return null;
    // A radio button or check box drawn as its label (a card, a toggle) is answered through the label.
    const byLabel = (kind === 'radio' || kind === 'checkbox') && !shown(el) && !!el.labels
        && [...el.labels].some(shown);
    // A hidden native list still counts: a custom dropdown drawn beside it may stand in for it.
    const hidden = kind !== 'file' && !shown(el) && !byLabel;
    if (hidden && kind !== 'select') return null;
    const options = el.tagName === 'SELECT' ? [...el.options].map(o => [o.value, clean(o.text)])
        : kind === 'combobox' ? optionsOf(el) : [];
    const value = el.tagName === 'SELECT' ? (el.selectedOptions[0] ? clean(el.selectedOptions[0].text) : '')
        : (kind === 'checkbox' || kind === 'radio') ? String(el.checked) : kind === 'file' ? '' : el.value;
    // A control of another form than the one holding the file input (a filter of the list above it)
    // is not posted with the file: no question of the upload, whatever its label says.
    const elsewhere = !!uploadForm && !!el.form && el.form !== uploadForm;
    const search = kind === 'search' || !!el.closest('[role=search], search') || elsewhere;
    // A radio button answers its group's question: the fieldset's legend, or the radio group's name.
    const holder = kind === 'radio' ? el.closest('fieldset, [role=radiogroup]') : null;
    const legend = holder ? (holder.matches('fieldset') && holder.querySelector('legend')
        ? clean(holder.querySelector('legend').innerText)
        : clean(holder.getAttribute('aria-label')) || clean([...(holder.getAttribute('aria-labelledby') || '')
            .split(/\\s+/)].filter(Boolean).map(id => el.getRootNode().getElementById(id)).filter(Boolean)
            .map(e => e.innerText).join(' '))) : '';
    // What the page says of the value it wants: placeholder, pattern, title, the text it points to.
    const described = (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean)
        .map(id => el.getRootNode().getElementById(id)).filter(Boolean).map(e => clean(e.innerText)).join(' ');
    const hint = [el.getAttribute('placeholder'), el.getAttribute('pattern'), el.getAttribute('title'), described,
                  helpAfter(el)].map(clean).filter(Boolean).join(' | ');
    return [index, kind, nameOf(el), value, options, search, !!el.required, hidden, el.name || '',
            kind === 'radio' ? (legend || el.name || '') : '', hint, byLabel ? 'label' : '', rowOf(el),
            el.tagName !== 'SELECT' && !el.readOnly];
  }).filter(Boolean));
}
""")

# The band of the page a screenshot must show: [top, height, top in the window], or null when
# the thing is not on the page. "controls": the form's controls (by index among input, select and
# textarea; a hidden file input by the drop zone around it) with their labels and the button below;
# "text": the smallest element holding the text (the site's answer); "row": the table row holding
# it. A band, not the whole page: its cost does not grow with the site's list of submissions.
AREA_JS = _deep("""
({kind, text, indices, height}) => {
  const clean = s => (s || '').replace(/\\s+/g, ' ').trim();
  const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const page = Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0);
  // [top and height in the page, top in the window or null]. A band that fits the window is
  // scrolled into it: a shot of the window costs the same on any page, while a shot beyond it
  // makes the browser lay out the whole page, which grows with the site's list.
  const band = (top, bottom) => {
    const y = Math.max(0, Math.floor(top + window.scrollY));
    const h = Math.min(Math.max(Math.ceil(bottom - top), 1), height * 2, page - y);
    if (h <= 0) return null;
    if (h > window.innerHeight) return [y, h, null];
    window.scrollTo(0, y);
    const inWindow = y - window.scrollY;
    return [y, h, inWindow >= 0 && inWindow + h <= window.innerHeight ? inWindow : null];
  };
  if (kind === 'controls') {
    const all = document.querySelectorAll('input, select, textarea');
    let top = Infinity, bottom = -Infinity;
    for (const i of indices) {
      let el = all[i];
      while (el && el !== document.body && !shown(el)) el = el.parentElement;
      if (!el || el === document.body) continue;
      const r = el.getBoundingClientRect();
      top = Math.min(top, r.top);
      bottom = Math.max(bottom, r.bottom);
    }
    return top === Infinity ? null : band(top - 80, bottom + 160);
  }
  const want = clean(text).slice(0, 120);
  if (!want) return null;
  if (kind === 'row') {
    const rows = [...document.querySelectorAll('tr, [role=row]')];
    const row = rows.find(r => shown(r) && clean(r.innerText).includes(want));
    if (!row) return null;
    const r = row.getBoundingClientRect();
    return band(r.top - height / 3, r.top - height / 3 + height);
  }
  let node = document.body;
  if (!node || !clean(node.innerText).includes(want)) return null;
  for (;;) {
    const inner = [...node.children].find(k => shown(k) && clean(k.innerText).includes(want));
    if (!inner) break;
    node = inner;
  }
  const r = node.getBoundingClientRect();
  return band(r.top - 120, r.top - 120 + height);
}
""")

# A first look at a page just loaded, in one round trip: whether a visible button or link is named
# by one of the words (a banner's accept button: by its text, value, aria-label, aria-labelledby or
# title), and whether a password box shows (the site may have sent us to its Log On page). Only
# what it sees sends the careful looks (by role and name, over the whole page and its frames).
FIRST_LOOK_JS = """
words => {
  const clean = s => (s || '').replace(/\\s+/g, ' ').trim().replace(/[\\s:*]+$/, '').toLowerCase();
  const wanted = new Set(words.map(clean));
  const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const pressable = 'button, a, [role=button], [role=link], input[type=button], input[type=submit]';
  const labelledBy = el => (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
      .map(id => document.getElementById(id)).filter(Boolean).map(e => e.innerText).join(' ');
  const banner = [...document.querySelectorAll(pressable)].some(el =>
    [el.innerText, el.value, el.getAttribute('aria-label'), el.getAttribute('title'), labelledBy(el)]
      .some(name => wanted.has(clean(name))) && shown(el));
  const password = [...document.querySelectorAll('input[type=password]')].some(shown);
  return [banner, password];
}
"""

# How far the page's own progress bar says the upload has gone, from 0 to 1 (a <progress> element,
# or role=progressbar with its aria values); null when the page shows none. Drag-and-drop loaders
# show one, fed by the browser's upload progress; a plain form post shows none.
PROGRESS_JS = """
() => {
  const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  for (const bar of document.querySelectorAll('progress, [role=progressbar]')) {
    if (!shown(bar)) continue;
    const now = bar.tagName === 'PROGRESS' ? bar.value : parseFloat(bar.getAttribute('aria-valuenow'));
    const max = bar.tagName === 'PROGRESS' ? bar.max : parseFloat(bar.getAttribute('aria-valuemax') || '100');
    if (Number.isFinite(now) && max > 0) return Math.min(1, Math.max(0, now / max));
  }
  return null;
}
"""

# The element a person uses in place of a hidden native list: the nearest shown neighbour of the
# list (or of its wrapper), and inside it the part that opens it (something focusable, else the
# element itself). Null when nothing beside the list is shown.
STAND_IN_JS = _seeing("""
sel => {
  // shown(el): whether it shows, as every script here judges it
  const usable = el => el && shown(el) && !el.matches('label, input, select, textarea, script, style');
  for (let node = sel, depth = 0; node && depth < 3; node = node.parentElement, depth++) {
    for (const near of [node.nextElementSibling, node.previousElementSibling]) {
      if (!usable(near)) continue;
      const opener = [...near.querySelectorAll('[tabindex], button, [role=button], [role=combobox], a')]
          .find(shown);
      return opener || near;
    }
  }
  return null;
}
""")

# After the stand-in was opened: the shown element whose own text is exactly the option's, nearest
# the stand-in first, never the opener itself (it may show the same words as the current choice).
STAND_IN_OPTION_JS = _seeing("""
([opener, text]) => {
  const clean = s => (s || '').replace(/\\s+/g, ' ').trim();
  // shown(el): whether it shows, as every script here judges it
  const exact = root => [...root.querySelectorAll('*')].filter(el =>
      !el.matches('option, select, script, style') && !opener.contains(el) && !el.contains(opener)
      && shown(el) && clean(el.innerText) === text
      && ![...el.children].some(k => clean(k.innerText) === text));
  for (let node = opener.parentElement, depth = 0; node && depth < 4; node = node.parentElement, depth++) {
    const found = exact(node);
    if (found.length === 1) return found[0];
    if (found.length > 1) return null;
  }
  // Drawn elsewhere (at the end of the body, in an overlay): what opening it showed, not words the
  // page showed already (a row of the list that names the same year).
  const before = window.__calpassShownBefore || new WeakSet();
  const anywhere = exact(document.body).filter(el => !before.has(el));
  return anywhere.length === 1 ? anywhere[0] : null;
}
""")

# Before a stand-in is opened: every shown element whose text is the option's, remembered, so that
# only what opening it shows is taken for the option.
STAND_IN_BEFORE_JS = _seeing("""
text => {
  const clean = s => (s || '').replace(/\\s+/g, ' ').trim();
  // shown(el): whether it shows, as every script here judges it
  window.__calpassShownBefore = new WeakSet([...document.body.querySelectorAll('*')]
    .filter(el => shown(el) && clean(el.innerText) === text));
}
""")

# What the form holding the control at this index would post now, files left out: [[name, value]],
# or null when the control is in no form (a script sends what it gathers).
POSTED_JS = _deep("""
index => {
  const el = document.querySelectorAll('input, select, textarea')[index];
  if (!el || !el.form) return null;
  return [...new FormData(el.form)].filter(([, v]) => typeof v === 'string');
}
""")

# What a page asks of whoever reads it: its heading, its first sentences, and the controls it
# shows (the labels of its check boxes and lists, whether it asks for a password).
ASKS_JS = _seeing("""
() => {
  const clean = s => (s || '').replace(/\\s+/g, ' ').trim();
  // shown(el): whether it shows, as every script here judges it
  const main = document.querySelector('main, [role=main]') || document.body;
  const heading = [...main.querySelectorAll('h1, h2, [role=heading]')].find(shown);
  const said = [...main.querySelectorAll('p, li, label, legend')].filter(shown).map(e => clean(e.innerText))
      .filter(t => t.length > 20).slice(0, 2).join(' ');
  const labelOf = el => clean((el.labels && el.labels[0] && el.labels[0].innerText) || el.getAttribute('aria-label'));
  const controls = [...main.querySelectorAll('input, select')].filter(shown);
  return {
    heading: heading ? clean(heading.innerText) : '',
    said: said.slice(0, 300),
    boxes: controls.filter(e => e.type === 'checkbox' || e.type === 'radio').map(labelOf),
    lists: controls.filter(e => e.tagName === 'SELECT').map(labelOf),
    password: controls.some(e => e.type === 'password'),
  };
}
""")

# The value and shown text of the lists at these indices among input, select and textarea.
READ_BACK_JS = _deep("""
indices => {
  const all = document.querySelectorAll('input, select, textarea');
  return indices.map(i => {
    const s = all[i];
    return s ? [s.value, s.selectedOptions && s.selectedOptions[0] ? s.selectedOptions[0].text : ''] : ['', ''];
  });
}
""")

# From a hidden menu item up to the first ancestor that shows, and the control in it that opens
# the menu (a button, a link, anything with aria-haspopup); none found: that ancestor itself.
MENU_TRIGGER_JS = _seeing("""
item => {
  // shown(el): whether it shows, as every script here judges it
  for (let node = item.parentElement; node && node !== document.body; node = node.parentElement) {
    if (!shown(node)) continue;
    const controls = [...node.querySelectorAll('button, a, summary, [role=button], [role=menuitem], [aria-haspopup]')];
    return controls.find(el => shown(el) && !el.contains(item)) || node;
  }
  return null;
}
""")

# The text of the smallest block around an element that says more than a word or two.
SURROUNDING_JS = """
el => {
  for (let node = el.parentElement, depth = 0; node && depth < 6; node = node.parentElement, depth++) {
    const text = (node.innerText || '').trim();
    if (text.length > 40) return text.slice(0, 600);
  }
  return '';
}
"""

# How many lists and comboboxes the page shows disabled: a list that waits for another to be chosen.
DISABLED_LISTS_JS = """
() => [...document.querySelectorAll('select, [role=combobox]')]
  .filter(el => el.disabled || el.getAttribute('aria-disabled') === 'true')
  .filter(el => el.getClientRects().length > 0).length
"""

# The words of the form holding the file input (the element at that index) that stand alone as a
# question, such as a "File Type" label tied to no control: each text that is one of the words.
ASKED_ALONE_JS = _seeing("""
([index, words]) => {
  const clean = s => (s || '').replace(/\\s+/g, ' ').trim().replace(/[\\s:*]+$/, '').toLowerCase();
  // shown(el): whether it shows, as every script here judges it
  const file = document.querySelectorAll('input, select, textarea')[index];
  const form = file && file.form;
  if (!form) return [];
  const wanted = new Set(words.map(clean));
  // Words that name a control (its label, its group's legend, what it is labelled by) ask nothing alone.
  const named = new Set([...document.querySelectorAll('[aria-labelledby]')]
    .flatMap(c => c.getAttribute('aria-labelledby').split(/\\s+/)).filter(Boolean));
  const tied = el => (el.matches('label') && !!el.control) || named.has(el.id)
    || (el.matches('legend') && !!el.parentElement && !!el.parentElement.querySelector('input, select, textarea'));
  return [...form.querySelectorAll('*')]
    .filter(el => !el.matches('option, script, style, button') && shown(el) && !tied(el))
    .map(el => [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join(' ')
      .replace(/\\s+/g, ' ').trim().replace(/[\\s:*]+$/, ''))
    .filter(text => wanted.has(clean(text)));
}
""")

# Before a person-like choice: every element shown now, remembered, so that what opening a dropdown
# shows can be told from what the page showed already.
SHOWN_BEFORE_JS = _seeing("""
() => {
  // shown(el): whether it shows, as every script here judges it
  window.__calpassShownBefore = new WeakSet([...document.body.querySelectorAll('*')].filter(shown));
}
""")

# What opening a dropdown showed: the words of each new element that holds words of its own and no
# child with the same words ([role=option] elements alone when there are any), in page order, each once.
NEW_CHOICES_JS = _seeing("""
() => {
  const clean = s => (s || '').replace(/[\\u200b\\u200c\\u200d\\ufeff]/g, '').replace(/\\s+/g, ' ').trim();
  // shown(el): whether it shows, as every script here judges it
  const before = window.__calpassShownBefore || new WeakSet();
  const fresh = [...document.body.querySelectorAll('*')].filter(el => !before.has(el) && shown(el)
    && !el.matches('script, style, input, select, textarea, button, svg, svg *')
    && clean(el.innerText) && clean(el.innerText).length <= 120
    && ![...el.children].some(k => clean(k.innerText) === clean(el.innerText)));
  const options = fresh.filter(el => el.closest('[role=option]'));
  return [...new Set((options.length ? options : fresh).map(el => clean(el.innerText)))];
}
""")

# The new element whose words are the option's, for a person's click: an [role=option] first; null
# when none or several.
NEW_CHOICE_JS = _seeing("""
text => {
  const clean = s => (s || '').replace(/[\\u200b\\u200c\\u200d\\ufeff]/g, '').replace(/\\s+/g, ' ').trim();
  // shown(el): whether it shows, as every script here judges it
  const before = window.__calpassShownBefore || new WeakSet();
  const exact = [...document.body.querySelectorAll('*')].filter(el => !before.has(el) && shown(el)
    && clean(el.innerText) === text && ![...el.children].some(k => clean(k.innerText) === text));
  const options = exact.filter(el => el.closest('[role=option]'));
  const picked = options.length ? options : exact;
  return picked.length === 1 ? picked[0] : null;
}
""")

# Whether a control now shows a choice: in its own value or words, or in the element beside it that
# holds it (a toolkit's select shows the choice in a span next to an empty search box).
SHOWS_CHOICE_JS = """
([el, text]) => {
  const clean = s => (s || '').replace(/[\\u200b\\u200c\\u200d\\ufeff]/g, '').replace(/\\s+/g, ' ').trim();
  for (let node = el, depth = 0; node && depth < 4; node = node.parentElement, depth++) {
    const said = clean(typeof node.value === 'string' ? node.value : '') + ' ' + clean(node.innerText);
    if (said.includes(text)) return true;
    if (node.querySelectorAll('input, select, textarea, [role=combobox]').length > 1) break;
  }
  return false;
}
"""


# The modal dialogs that stand over the page and ask nothing of a form (no box, list or text box in
# them): a notice, a warning, a question. For each, its heading and its words.
MODALS_JS = _seeing("""
() => {
  const clean = s => (s || '').replace(/[\\u200b\\u200c\\u200d\\ufeff]/g, '').replace(/\\s+/g, ' ').trim();
  // shown(el): whether it shows, as every script here judges it
  const modal = el => el.getAttribute('aria-modal') === 'true' || el.getAttribute('role') === 'alertdialog'
      || (el.tagName === 'DIALOG' && el.matches(':modal'));
  const asks = el => [...el.querySelectorAll('input:not([type=hidden]), select, textarea')].some(shown);
  const titleOf = el => {
    const by = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
        .map(id => el.getRootNode().getElementById(id)).filter(Boolean).map(e => clean(e.innerText)).join(' ');
    const head = el.querySelector('h1, h2, h3, h4, h5, h6, [role=heading]');
    return by || clean(el.getAttribute('aria-label')) || (head ? clean(head.innerText) : '');
  };
  return deepAll(document, '[role=dialog], [role=alertdialog], dialog[open]')
      .filter(el => shown(el) && modal(el) && !asks(el))
      .map(el => [titleOf(el), clean(el.innerText).slice(0, 400)]);
}
""")
