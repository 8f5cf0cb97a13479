// Classic variant: the drop zone hides the real file input and fills it from a drop. Under the
// "file-input" drift there is no input until the zone is clicked, as with some loader libraries.
(function () {
  var zone = document.getElementById('dropzone');
  var input = zone.querySelector('input[type=file]');
  var text = zone.querySelector('.dz-text');
  function show() { if (input && input.files.length) { text.textContent = 'Selected: ' + input.files[0].name + ' (' + input.files[0].size + ' bytes)'; zone.classList.add('has-file'); } }
  function ensureInput() {
    if (!input) {
      input = document.createElement('input');
      input.type = 'file'; input.name = 'File'; input.style.display = 'none';
      input.addEventListener('change', show);
      zone.appendChild(input);
    }
    return input;
  }
  zone.addEventListener('click', function (e) { if (e.target !== input) ensureInput().click(); });
  zone.addEventListener('dragover', function (e) { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', function () { zone.classList.remove('over'); });
  zone.addEventListener('drop', function (e) { e.preventDefault(); zone.classList.remove('over'); ensureInput().files = e.dataTransfer.files; show(); });
  if (input) input.addEventListener('change', show);
  var form = zone.closest('form'), approved = false;
  form.addEventListener('submit', function (e) {
    if (approved || (!form.dataset.confirm && form.dataset.delay === '0')) return;
    e.preventDefault();
    window.beforeUpload(form, function () { approved = true; form.submit(); });
  });
})();
