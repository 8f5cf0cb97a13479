// Dropdown design: each native list is hidden and a span beside it opens a list of plain divs. A
// choice there sets the hidden list, as jQuery "nice select" style plugins do.
(function () {
  document.querySelectorAll('.nice-select').forEach(function (box) {
    var select = box.previousElementSibling;
    var current = box.querySelector('.current');
    var list = box.querySelector('.list');
    current.addEventListener('click', function () {
      list.style.display = list.style.display === 'none' ? 'block' : 'none';
    });
    list.querySelectorAll('.item').forEach(function (item) {
      item.addEventListener('click', function () {
        // Under the "inert-dropdown" drift, a broken plugin: the choice is shown, never made.
        if (!box.closest('form').dataset.inert) {
          select.value = item.dataset.value;
          select.dispatchEvent(new Event('change', { bubbles: true }));
        }
        current.textContent = item.textContent;
        list.style.display = 'none';
      });
    });
  });
})();
