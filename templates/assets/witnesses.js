/*
 * editio: the reading switch of a critical edition. The page reads fully without this script:
 * the edited text, its apparatus, and links to each witness's own page. Where it runs, it shows
 * the switch (hidden in the markup) and, for the witness chosen, puts that witness's readings
 * in place of the lemmata: every apparatus entry in the text (.app) holds its lemma (.lem) and
 * its other readings (.rdg, hidden), each with data-wit, the witnesses it stands for.
 */
(function () {
  'use strict';

  function readingsOf(app) {
    return Array.prototype.filter.call(app.children, function (child) {
      return child.classList.contains('lem') || child.classList.contains('rdg');
    });
  }

  function show(article, reading) {
    article.querySelectorAll('.app').forEach(function (app) {
      var readings = readingsOf(app);
      var lemma = readings.filter(function (r) { return r.classList.contains('lem'); })[0];
      var chosen = reading === 'lem' ? lemma : readings.filter(function (r) {
        return (r.getAttribute('data-wit') || '').split(' ').indexOf(reading) >= 0;
      })[0] || lemma;
      readings.forEach(function (r) { r.hidden = r !== chosen; });
    });
    article.setAttribute('data-reading', reading);
  }

  document.querySelectorAll('fieldset.reading-switch').forEach(function (fieldset) {
    var article = fieldset.closest('article') || document.body;
    var status = fieldset.querySelector('.reading-status');
    function apply(input) {
      show(article, input.value);
      if (status) {
        status.textContent = input.value === 'lem' ? 'The text shows the lemmata.' : 'The text shows the readings of' + input.parentNode.textContent.replace(/\s+/g, ' ').replace(/^ ?/, ' ') + '.';
      }
    }
    fieldset.addEventListener('change', function (event) {
      if (event.target.type === 'radio' && event.target.checked) apply(event.target);
    });
    // A browser that restores form state (back and forward) may have checked another witness.
    var checked = fieldset.querySelector('input[type="radio"]:checked');
    if (checked && checked.value !== 'lem') apply(checked);
    fieldset.hidden = false;
  });
})();
