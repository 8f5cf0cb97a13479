// What happens between pressing the submit button and the upload, under the confirm and delay
// drifts: an in-page box or the browser's confirm() asks first; a notice shows before a delay.
window.beforeUpload = function (holder, go) {
  var ask = holder.dataset.confirm, delay = parseInt(holder.dataset.delay || '0', 10);
  function later() {
    if (!delay) return go();
    document.querySelector('.notice').textContent =
      'Preparing your file. Files are scanned for viruses after they are uploaded.';
    setTimeout(go, delay);
  }
  if (ask === 'native') { if (window.confirm('Are you sure you want to submit this file?')) later(); return; }
  if (ask === 'box') {
    var box = document.querySelector('.confirm-box');
    box.hidden = false;
    box.querySelector('.confirm-ok').onclick = function () { box.hidden = true; later(); };
    box.querySelector('.confirm-cancel').onclick = function () { box.hidden = true; };
    return;
  }
  later();
};
