// Combobox design: ARIA comboboxes that open a listbox; a choice fills the hidden input beside them.
(function () {
  document.querySelectorAll('.combo[role=combobox]').forEach(function (box) {
    var list = document.getElementById(box.getAttribute('aria-controls'));
    var field = list.nextElementSibling;
    function open(yes) { list.hidden = !yes; box.setAttribute('aria-expanded', yes ? 'true' : 'false'); }
    box.addEventListener('click', function () { open(list.hidden); });
    box.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(list.hidden); } });
    list.querySelectorAll('[role=option]').forEach(function (option) {
      option.addEventListener('click', function () {
        list.querySelectorAll('[role=option]').forEach(function (o) { o.setAttribute('aria-selected', 'false'); });
        option.setAttribute('aria-selected', 'true');
        field.value = option.dataset.value;
        box.textContent = option.textContent;
        open(false);
      });
    });
  });
})();
