// Loader variant: everything happens by script; the page never reloads.
(function () {
  var root = document.querySelector('.loader');
  var drop = root.querySelector('.drop');
  var input = drop.querySelector('input[type=file]');
  // Under the "file-input" drift the input only exists once the drop zone is clicked.
  function ensureInput() {
    if (!input) {
      input = document.createElement('input');
      input.type = 'file'; input.hidden = true;
      input.addEventListener('change', function () { pick(input.files[0] || null); });
      drop.appendChild(input);
    }
    return input;
  }
  var nameBox = drop.querySelector('.drop-name');
  var bar = root.querySelector('progress');
  var outcome = root.querySelector('.outcome');
  var problem = root.querySelector('.problem');
  var send = root.querySelector('.send');
  var token = document.querySelector('meta[name=request-verification-token]').content;
  var chosen = null;
  function pick(file) { chosen = file; nameBox.textContent = file ? file.name + ' · ' + file.size.toLocaleString() + ' bytes' : ''; drop.classList.toggle('ready', !!file); }
  drop.addEventListener('click', function (e) { if (e.target !== input) ensureInput().click(); });
  drop.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') ensureInput().click(); });
  drop.addEventListener('dragover', function (e) { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', function () { drop.classList.remove('over'); });
  drop.addEventListener('drop', function (e) { e.preventDefault(); drop.classList.remove('over'); pick(e.dataTransfer.files[0] || null); });
  if (input) input.addEventListener('change', function () { pick(input.files[0] || null); });
  function row(s) {
    var tr = document.createElement('tr');
    [s.id, s.file_type, s.school_year, s.filename, s.bytes, s.received_at].forEach(function (v) { var td = document.createElement('td'); td.textContent = v; tr.appendChild(td); });
    var body = document.querySelector('.history tbody');
    if (body) body.prepend(tr);
  }
  send.addEventListener('click', function () {
    outcome.textContent = ''; problem.textContent = '';
    if (!chosen) { problem.textContent = 'Please choose a file before submitting.'; return; }
    window.beforeUpload(root, upload);
  });
  function upload() {
    var data = new FormData();
    data.append('FileType', root.querySelector('select[name=FileType]').value);
    data.append('AcademicYear', root.querySelector('select[name=AcademicYear]').value);
    data.append('File', chosen, chosen.name);
    var xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/FileSubmission');
    xhr.setRequestHeader('RequestVerificationToken', token);
    bar.hidden = false; bar.value = 0; send.disabled = true;
    xhr.upload.onprogress = function (e) { if (e.lengthComputable) bar.value = Math.round(100 * e.loaded / e.total); };
    xhr.onload = function () {
      send.disabled = false; bar.hidden = true;
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = { ok: false, message: 'The server answered ' + xhr.status + '.' }; }
      if (xhr.status === 200 && body.ok) {
        document.querySelector('.notice').textContent = '';
        outcome.textContent = body.message;
        if (body.detail) { var p = document.createElement('p'); p.textContent = body.detail; outcome.after(p); }
        row(body.submission); pick(null); if (input) input.value = '';
      } else {
        problem.textContent = body.message || ('Upload failed (' + xhr.status + ').');
      }
    };
    xhr.onerror = function () { send.disabled = false; bar.hidden = true; problem.textContent = 'The upload could not be completed: the connection was lost. Please try again.'; };
    xhr.send(data);
  }
})();
