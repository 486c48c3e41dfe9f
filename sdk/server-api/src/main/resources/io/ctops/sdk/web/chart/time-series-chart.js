// Draws a TimeSeriesChart with uPlot. Run by Element.executeJs: this = the chart's div,
// $0 = base URL of uPlot's dist folder, $1 = config, $2 = columns [[x...], [y...], ...].
// (No dollar-brace or at-sign sequences in this file: Maven filters the SDK's resources.)
const el = this;
const base = $0;
const config = $1;
const columns = $2;
if (!window.ctopsUplot) {
  window.ctopsUplot = new Promise(function (resolve, reject) {
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = base + 'uPlot.min.css';
    document.head.appendChild(css);
    const script = document.createElement('script');
    script.src = base + 'uPlot.iife.min.js';
    script.onload = function () { resolve(window.uPlot); };
    script.onerror = function () { window.ctopsUplot = null; reject(new Error('cannot load ' + script.src)); };
    document.head.appendChild(script);
  });
}
function utc(seconds) {
  return new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}
function shown(v) {
  if (v == null) {
    return 'no data';
  }
  const abs = Math.abs(v);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return v.toFixed(digits) + (config.unit ? ' ' + config.unit : '');
}
function sparse(values, i0, i1) {
  let n = 0;
  for (let i = i0; i <= i1; i++) {
    if (values[i] != null && ++n > 120) {
      return false;
    }
  }
  return true;
}
el.__ctopsReady = (el.__ctopsReady || Promise.resolve()).then(function () {
  return window.ctopsUplot;
}).then(function (uPlot) {
  if (el.__ctopsChart) {
    el.__ctopsChart.destroy();
  }
  if (el.__ctopsResize) {
    el.__ctopsResize.disconnect();
  }
  const series = [{ label: 'Time (UTC)', value: function (u, v) { return v == null ? '' : utc(v); } }];
  config.labels.forEach(function (label, i) {
    series.push({ label: label, stroke: config.colours[i], width: 1.5, spanGaps: false,
      // dots only where there are few points, so a lone value between two gaps stays visible
      points: { show: function (u, si, i0, i1) { return sparse(u.data[si], i0, i1); }, size: 5 },
      value: function (u, v) { return shown(v); } });
  });
  const y = {};
  if (config.yMin != null || config.yMax != null) {
    y.range = function (u, min, max) {
      return [config.yMin != null ? config.yMin : min, config.yMax != null ? Math.max(config.yMax, max) : max];
    };
  }
  const options = {
    title: config.title,
    width: Math.max(el.clientWidth, 300),
    height: Math.max(el.clientHeight - 70, 120),
    tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); },
    scales: { x: { time: true }, y: y },
    series: series,
    axes: [{}, { size: 60, values: function (u, ticks) { return ticks.map(function (t) { return t + (config.unit ? ' ' + config.unit : ''); }); } }],
    cursor: { drag: { x: true, y: false, setScale: true } },
    legend: { live: true },
    hooks: {
      setSelect: [function (u) {
        if (u.select.width > 3) {
          const min = u.posToVal(u.select.left, 'x');
          const max = u.posToVal(u.select.left + u.select.width, 'x');
          el.dispatchEvent(new CustomEvent('ctops-zoom', { detail: { min: min, max: max } }));
        }
      }]
    }
  };
  el.innerHTML = '';
  el.__ctopsData = columns;
  el.__ctopsChart = new uPlot(options, columns, el);
  el.__ctopsResize = new ResizeObserver(function () {
    if (el.clientWidth > 0) {
      el.__ctopsChart.setSize({ width: el.clientWidth, height: Math.max(el.clientHeight - 70, 120) });
    }
  });
  el.__ctopsResize.observe(el);
  el.__ctopsResetZoom = function () {
    const xs = el.__ctopsData[0];
    if (xs.length > 1) {
      el.__ctopsChart.setScale('x', { min: xs[0], max: xs[xs.length - 1] });
    }
  };
  el.__ctopsAppend = function (x, ys, keepFrom) {
    const data = el.__ctopsData;
    const xs = data[0];
    const last = xs.length - 1;
    if (last >= 0 && x < xs[last]) {
      return; // older than the right edge: already shown
    }
    if (last >= 0 && x === xs[last]) {
      ys.forEach(function (v, i) { data[i + 1][last] = v; }); // the newest bucket filled up since
    } else {
      xs.push(x);
      ys.forEach(function (v, i) { data[i + 1].push(v); });
    }
    while (keepFrom != null && xs.length > 1 && xs[0] < keepFrom) {
      data.forEach(function (column) { column.shift(); });
    }
    el.__ctopsChart.setData(data);
  };
}).catch(function (error) {
  el.textContent = 'The chart cannot be drawn: ' + error.message;
});
