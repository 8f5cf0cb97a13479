// A replica of Material UI's Select as it renders: for each .mui-select holder, a div role=combobox
// named by the label and itself (aria-labelledby="<label id> <own id>"), showing the choice (a
// zero-width space when none), and beside it a hidden input (opacity 0, aria-hidden, tabindex -1)
// holding the value the form posts. It opens on mousedown only, drawing a menu at the end of the
// body over a transparent backdrop; an option is chosen on click, and the menu removed.
(function () {
  document.querySelectorAll('.mui-select').forEach(function (holder) {
    var options = JSON.parse(holder.dataset.options), name = holder.dataset.name, label = holder.dataset.label;
    var labelId = name + '-label', ownId = 'mui-component-select-' + name;
    holder.innerHTML = '<label id="' + labelId + '" class="MuiInputLabel-root">' + label + '</label>' +
      '<div class="MuiInputBase-root"><div role="combobox" tabindex="0" aria-haspopup="listbox" aria-expanded="false"' +
      ' class="MuiSelect-select" id="' + ownId + '" aria-labelledby="' + labelId + ' ' + ownId + '">\u200b</div>' +
      '<input aria-invalid="false" aria-hidden="true" tabindex="-1" class="MuiSelect-nativeInput" name="' + name + '" value=""' +
      ' style="position:absolute;left:0;bottom:0;opacity:0;pointer-events:none;width:100%;box-sizing:border-box">' +
      '<span class="MuiSelect-icon">&#9662;</span></div>';
    var box = holder.querySelector('[role=combobox]'), input = holder.querySelector('input');
    box.addEventListener('mousedown', function (e) {
      if (e.button !== 0) return;
      e.preventDefault();
      var popover = document.createElement('div');
      popover.setAttribute('role', 'presentation');
      popover.className = 'MuiPopover-root';
      popover.style.cssText = 'position:fixed;inset:0;z-index:1300';
      var r = box.getBoundingClientRect();
      popover.innerHTML = '<div class="MuiBackdrop-root" style="position:fixed;inset:0;background:transparent"></div>' +
        '<div class="MuiPaper-root" style="position:absolute;background:#fff;box-shadow:0 2px 8px #0004;max-height:20rem;' +
        'overflow:auto;left:' + r.left + 'px;top:' + r.bottom + 'px;min-width:' + r.width + 'px">' +
        '<ul role="listbox" aria-labelledby="' + labelId + '" style="list-style:none;margin:0;padding:.3rem 0"></ul></div>';
      var list = popover.querySelector('ul');
      options.forEach(function (o) {
        var li = document.createElement('li');
        li.setAttribute('role', 'option'); li.dataset.value = o[0]; li.textContent = o[1];
        li.setAttribute('aria-selected', String(input.value === o[0]));
        li.style.cssText = 'padding:.35rem 1rem;cursor:pointer';
        li.addEventListener('click', function () {
          input.value = o[0]; box.textContent = o[1]; popover.remove(); box.setAttribute('aria-expanded', 'false');
        });
        list.appendChild(li);
      });
      popover.querySelector('.MuiBackdrop-root').addEventListener('click', function () { popover.remove(); });
      document.body.appendChild(popover);
      box.setAttribute('aria-expanded', 'true');
    });
  });
})();
