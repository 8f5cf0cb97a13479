// A replica of Ant Design's Select as it renders: for each .ant-select holder, a readonly
// input role=combobox (opacity 0, tied to the label) that always stays empty, the choice shown in a
// span beside it, and a hidden input the form posts. The selector opens on mousedown, drawing a
// dropdown at the end of the body: an accessible listbox of zero size, and the options a person sees
// as plain divs (no role). An option is chosen on click; the dropdown is hidden, kept for next time.
(function () {
  document.querySelectorAll('.ant-select').forEach(function (holder) {
    var options = JSON.parse(holder.dataset.options), name = holder.dataset.name;
    holder.innerHTML = '<div class="ant-select-selector" style="border:1px solid #d9d9d9;padding:.25rem .6rem;min-width:18rem;' +
      'display:inline-block;position:relative;cursor:pointer"><span class="ant-select-selection-search">' +
      '<input type="search" id="' + name + '" role="combobox" aria-expanded="false" aria-haspopup="listbox"' +
      ' aria-owns="' + name + '_list" aria-controls="' + name + '_list" aria-autocomplete="list" readonly' +
      ' unselectable="on" autocomplete="off" value="" style="opacity:0;position:absolute;inset:0;width:100%"></span>' +
      '<span class="ant-select-selection-placeholder" style="color:#999">Please select</span></div>' +
      '<input type="hidden" name="' + name + '" value="">';
    var selector = holder.querySelector('.ant-select-selector'), input = holder.querySelector('input[type=search]');
    var posted = holder.querySelector('input[type=hidden]'), drop = null;
    function choose(o) {
      posted.value = o[0];
      var shown = selector.querySelector('.ant-select-selection-placeholder, .ant-select-selection-item');
      shown.className = 'ant-select-selection-item'; shown.style.color = ''; shown.title = o[1]; shown.textContent = o[1];
      drop.style.display = 'none'; input.setAttribute('aria-expanded', 'false');
    }
    selector.addEventListener('mousedown', function (e) {
      e.preventDefault();
      if (!drop) {
        drop = document.createElement('div');
        drop.className = 'ant-select-dropdown';
        drop.innerHTML = '<div role="listbox" id="' + name + '_list" style="height:0;width:0;overflow:hidden"></div>' +
          '<div class="rc-virtual-list"></div>';
        options.forEach(function (o) {
          var item = document.createElement('div');
          item.className = 'ant-select-item ant-select-item-option'; item.title = o[1];
          item.innerHTML = '<div class="ant-select-item-option-content"></div>';
          item.firstChild.textContent = o[1];
          item.style.cssText = 'padding:.3rem .7rem;cursor:pointer';
          item.addEventListener('click', function () { choose(o); });
          drop.querySelector('.rc-virtual-list').appendChild(item);
        });
        document.body.appendChild(drop);
      }
      var r = selector.getBoundingClientRect();
      drop.style.cssText = 'position:absolute;z-index:1050;background:#fff;box-shadow:0 3px 6px #0003;left:' +
        (r.left + window.scrollX) + 'px;top:' + (r.bottom + window.scrollY) + 'px;min-width:' + r.width + 'px;' +
        'max-height:16rem;overflow:auto';
      input.setAttribute('aria-expanded', 'true');
    });
  });
})();
