// The console's few scripts: charts drawn from the figures each page already shows as a table,
// and problems of htmx actions shown in the page's alert region (the server answers them as HTML).
(function () {
  'use strict';

  function drawCharts(root) {
    if (!window.echarts) {
      return;
    }
    root.querySelectorAll('.chart[data-labels]').forEach(function (el) {
      var labels = el.dataset.labels ? el.dataset.labels.split('|') : [];
      var numbers = function (s) { return s ? s.split(',').map(Number) : []; };
      var chart = window.echarts.init(el, null, { renderer: 'svg' });
      chart.setOption({
        animation: false,
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 8, right: 8, bottom: 8, top: 32, containLabel: true },
        xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 6 ? 40 : 0 } },
        yAxis: { type: 'value' },
        series: [
          { name: el.dataset.nameSessions, type: 'bar', data: numbers(el.dataset.sessions), itemStyle: { color: '#b3124a' } },
          { name: el.dataset.namePeople, type: 'bar', data: numbers(el.dataset.people), itemStyle: { color: '#0a53a8' } }
        ]
      });
      window.addEventListener('resize', function () { chart.resize(); });
    });
  }

  function showProblem(xhr) {
    var flash = document.getElementById('flash');
    if (!flash) {
      return;
    }
    var text = '';
    try {
      var doc = new DOMParser().parseFromString(xhr.responseText, 'text/html');
      var problem = doc.getElementById('problem');
      text = problem ? problem.innerText : '';
    } catch (e) {
      text = '';
    }
    flash.textContent = text || (document.documentElement.lang === 'en'
      ? 'The action failed (' + xhr.status + '). Reload the page and try again.'
      : '操作未成功（' + xhr.status + '），请刷新页面后重试。');
    flash.hidden = false;
    flash.focus && flash.setAttribute('tabindex', '-1');
    flash.focus && flash.focus();
  }

  document.addEventListener('DOMContentLoaded', function () { drawCharts(document); });
  document.addEventListener('htmx:responseError', function (e) { showProblem(e.detail.xhr); });
  document.addEventListener('htmx:beforeRequest', function () {
    var flash = document.getElementById('flash');
    if (flash) { flash.hidden = true; }
  });
})();
