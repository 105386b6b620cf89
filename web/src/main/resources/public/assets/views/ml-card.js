// The model card of a version (README "ML pipelines"): ROC, precision-recall and calibration curves from its
// held-out scores (metrics.curves, written by updraft.ml.ValidateModel) and the decision threshold with its reason.
import { el } from '../ui.js';

const GREY = '#9ca3af';
const TEAL = '#0f766e';

/** The card's section, or null for a version registered without curves; charts are drawn once it is in the page. */
export function modelCard(version) {
  const curves = version.metrics?.curves;
  if (!curves?.roc) return null;
  const auc = version.metrics?.auc;
  const roc = el('canvas#card-roc', { role: 'img', 'aria-label': 'ROC curve' });
  const pr = el('canvas#card-pr', { role: 'img', 'aria-label': 'Precision-recall curve' });
  const calibration = el('canvas#card-calibration', { role: 'img', 'aria-label': 'Calibration curve' });
  const section = el('div.model-card-curves',
    el('h3', 'Model card'),
    el('p.card-threshold', el('strong', 'Threshold ' + curves.threshold + '. '), curves.threshold_reason || ''),
    el('div.card-charts',
      el('figure', el('div.chart-box', roc), el('figcaption.muted.small', 'ROC (held-out AUC ' + (typeof auc === 'number' ? auc.toFixed(4) : '—') + ')')),
      el('figure', el('div.chart-box', pr), el('figcaption.muted.small', 'Precision against recall')),
      el('figure', el('div.chart-box', calibration), el('figcaption.muted.small',
        'Observed share of phishing per score bin; expected calibration error ' + Number(curves.expected_calibration_error).toFixed(3)))));
  if (window.Chart) {
    queueMicrotask(() => {
      line(roc, [{ label: 'ROC', points: curves.roc, colour: TEAL }, { label: 'chance', points: [[0, 0], [1, 1]], colour: GREY, dash: true }],
        'false-positive rate', 'true-positive rate');
      line(pr, [{ label: 'precision-recall', points: curves.precision_recall, colour: TEAL }], 'recall', 'precision');
      line(calibration, [
        { label: 'observed', points: (curves.calibration || []).map(b => [b.mean_score, b.observed]), colour: TEAL, dots: true },
        { label: 'perfectly calibrated', points: [[0, 0], [1, 1]], colour: GREY, dash: true }], 'mean score', 'observed share phishing');
    });
  }
  return section;
}

function line(canvas, series, xLabel, yLabel) {
  new Chart(canvas, {
    type: 'scatter',
    data: { datasets: series.map(s => ({
      label: s.label, data: s.points.map(([x, y]) => ({ x, y })), showLine: true, borderColor: s.colour,
      backgroundColor: s.colour, borderDash: s.dash ? [5, 4] : [], pointRadius: s.dots ? 4 : 0, tension: 0,
    })) },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      scales: { x: { min: 0, max: 1, title: { display: true, text: xLabel } }, y: { min: 0, max: 1, title: { display: true, text: yLabel } } },
      plugins: { legend: { position: 'bottom' } },
    },
  });
}
