// A replica of Select2 as sites ship it: each native list with class "s2" is hidden (display:none, as
// Chosen and several Select2 themes leave it; still in the form, posted as usual) and a "combobox"
// span drawn after it. The span opens on mousedown, and the
// options are drawn in a dropdown appended to the end of the body, with a search box that filters
// them; choosing one sets the hidden list and fires its change event. The dropdown is removed on close.
(function () {
  var open = null;
  function close() { if (open) { open.drop.remove(); open.box.setAttribute('aria-expanded', 'false'); open = null; } }
  document.addEventListener('mousedown', function (e) {
    if (open && !open.drop.contains(e.target) && !open.box.contains(e.target)) close();
  });
  document.querySelectorAll('select.s2').forEach(function (select, n) {
    select.classList.add('select2-hidden-accessible');
    select.style.display = 'none';
    select.setAttribute('aria-hidden', 'true');
    select.tabIndex = -1;
    var id = 'select2-' + (select.id || n) + '-container';
    var outer = document.createElement('span');
    outer.className = 'select2 select2-container';
    outer.innerHTML = '<span class="selection"><span class="select2-selection select2-selection--single" role="combobox"' +
      ' aria-haspopup="true" aria-expanded="false" tabindex="0"><span class="select2-selection__rendered" role="textbox"' +
      ' aria-readonly="true"></span><span class="select2-selection__arrow"><b role="presentation"></b></span></span></span>';
    var box = outer.querySelector('.select2-selection'), rendered = outer.querySelector('.select2-selection__rendered');
    rendered.id = id;
    box.setAttribute('aria-labelledby', id);
    function show() { var o = select.options[select.selectedIndex]; rendered.textContent = o ? o.text : ''; rendered.title = rendered.textContent; }
    show();
    select.addEventListener('change', show);
    select.after(outer);
    box.addEventListener('mousedown', function (e) {
      e.preventDefault();
      if (open && open.box === box) { close(); return; }
      close();
      var drop = document.createElement('span');
      drop.className = 'select2-container select2-container--open';
      var r = box.getBoundingClientRect();
      drop.style.cssText = 'position:absolute;z-index:1051;background:#fff;border:1px solid #aaa;left:' +
        (r.left + window.scrollX) + 'px;top:' + (r.bottom + window.scrollY) + 'px;width:' + r.width + 'px';
      drop.innerHTML = '<span class="select2-dropdown"><span class="select2-search"><input class="select2-search__field"' +
        ' type="search" role="searchbox" autocomplete="off"></span><span class="select2-results"><ul class="select2-results__options"' +
        ' role="listbox"></ul></span></span>';
      var list = drop.querySelector('ul'), search = drop.querySelector('input');
      function fill() {
        list.innerHTML = '';
        [].forEach.call(select.options, function (o) {
          if (!o.value || o.text.toLowerCase().indexOf(search.value.toLowerCase()) < 0) return;
          var li = document.createElement('li');
          li.className = 'select2-results__option'; li.setAttribute('role', 'option'); li.textContent = o.text;
          li.setAttribute('aria-selected', String(o.selected));
          li.addEventListener('mouseup', function () {
            select.value = o.value; select.dispatchEvent(new Event('change', { bubbles: true })); close();
          });
          list.appendChild(li);
        });
      }
      search.addEventListener('input', fill);
      fill();
      document.body.appendChild(drop);
      box.setAttribute('aria-expanded', 'true');
      open = { drop: drop, box: box };
      setTimeout(function () { search.focus(); }, 0);
    });
  });
})();
