// Classic variant: the drop zone hides the real file input and fills it from a drop.
(function () {
  var zone = document.getElementById('dropzone');
  var input = zone.querySelector('input[type=file]');
  var text = zone.querySelector('.dz-text');
  function show() { if (input.files.length) { text.textContent = 'Selected: ' + input.files[0].name + ' (' + input.files[0].size + ' bytes)'; zone.classList.add('has-file'); } }
  zone.addEventListener('click', function (e) { if (e.target !== input) input.click(); });
  zone.addEventListener('dragover', function (e) { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', function () { zone.classList.remove('over'); });
  zone.addEventListener('drop', function (e) { e.preventDefault(); zone.classList.remove('over'); input.files = e.dataTransfer.files; show(); });
  input.addEventListener('change', show);
})();
