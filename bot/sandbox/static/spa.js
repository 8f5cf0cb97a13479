// The single-page app design: routes by hash, sends by script, answers in a toast, and draws the list
// from sessionStorage at once, then from the server when its (slow) answer comes, after every load
// and every send. Until then the list shown is the one cached last.
(function () {
  var token = document.querySelector('meta[name=request-verification-token]').content;
  function route() {
    var upload = location.hash !== '#/help';
    document.getElementById('view-upload').hidden = !upload;
    document.getElementById('view-help').hidden = upload;
  }
  window.addEventListener('hashchange', route);
  if (!location.hash) history.replaceState(null, '', '#/upload');
  route();
  function draw(rows) {
    var body = document.querySelector('.history tbody');
    body.innerHTML = '';
    rows.forEach(function (s) {
      var tr = document.createElement('tr');
      [s.id, s.file_type, s.school_year, s.filename, s.bytes, s.received_at].forEach(function (v) {
        var td = document.createElement('td'); td.textContent = v; tr.appendChild(td);
      });
      body.appendChild(tr);
    });
  }
  function refresh() {
    fetch('/api/History', { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (rows) {
      sessionStorage.setItem('spa-history', JSON.stringify(rows));
      draw(rows);
    });
  }
  draw(JSON.parse(sessionStorage.getItem('spa-history') || '[]'));
  refresh();
  var toast = document.querySelector('.toast');
  document.querySelector('.spa-send').addEventListener('click', function () {
    var file = document.getElementById('spa-file').files[0];
    toast.textContent = '';
    if (!file) { toast.textContent = 'Please choose a file.'; return; }
    var data = new FormData();
    data.append('FileType', document.getElementById('spa-type').value);
    data.append('AcademicYear', document.getElementById('spa-year').value);
    data.append('File', file, file.name);
    fetch('/api/FileSubmission', { method: 'POST', body: data, headers: { RequestVerificationToken: token } })
      .then(function (r) { return r.json(); })
      .then(function (body) {
        toast.textContent = body.message;
        if (body.ok) { document.getElementById('spa-file').value = ''; refresh(); }
      });
  });
})();
