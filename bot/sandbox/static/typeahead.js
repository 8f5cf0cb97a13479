// Typeahead design: the listbox is filled only with the file types whose words hold what was typed.
(function () {
  var box = document.getElementById('FileTypeSearch');
  var list = document.getElementById('FileTypeOptions');
  var field = list.nextElementSibling;
  function show() {
    var typed = box.value.trim().toLowerCase();
    list.innerHTML = '';
    field.value = '';
    if (!typed) { list.hidden = true; box.setAttribute('aria-expanded', 'false'); return; }
    window.fileTypes.forEach(function (pair) {
      if (pair[1].toLowerCase().indexOf(typed) === -1) return;
      var option = document.createElement('li');
      option.setAttribute('role', 'option');
      option.textContent = pair[1];
      option.style.padding = '2px 6px';
      option.addEventListener('mousedown', function (e) {
        e.preventDefault();
        box.value = pair[1];
        field.value = pair[0];
        list.hidden = true;
        box.setAttribute('aria-expanded', 'false');
      });
      list.appendChild(option);
    });
    list.hidden = !list.children.length;
    box.setAttribute('aria-expanded', list.children.length ? 'true' : 'false');
  }
  box.addEventListener('input', show);
})();
