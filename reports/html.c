/*
 * html.c - the report as one self-contained HTML file: opens offline,
 * can be attached to a ticket.
 *
 * Everything is inlined: the CSS, the data (JSON blocks), and the
 * charting library, Debian's libjs-dygraphs (dygraph.min.js and its
 * synchronizer extra), read from disk at report time; pmortem writes no
 * chart code of its own, only the glue that feeds dygraphs and keeps the
 * charts on one time axis.  A Content-Security-Policy forbids every
 * network request.  Every string that came from an input is escaped: in
 * markup by html_text(), in the data block by tab_json_string() (which
 * also turns <, > and & into \u escapes, so no input can close the
 * script element), and the glue only ever sets textContent.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "human.h"
#include "report.h"
#include "tabout.h"
#include "util.h"

static void html_text(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	for (; *p; p++) {
		switch (*p) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default:
			if (*p < 0x20 && *p != '\n' && *p != '\t')
				fprintf(f, "\\x%02x", *p);
			else
				fputc(*p, f);
		}
	}
}

static void jstr(FILE *f, const char *s)
{
	if (!s)
		fputs("null", f);
	else
		tab_json_string(f, s, strlen(s));
}

/* Copy a library file into the page; returns 0, or -1 naming the package. */
static int inline_file(FILE *f, const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *in = fopen(path, "r");
	char line[8192];

	if (!in) {
		fprintf(stderr, "pmortem: report: cannot read %s: %s (install the "
			"Debian package libjs-dygraphs)\n", path, strerror(errno));
		free(path);
		return -1;
	}
	int skipping = 0, at_line_start = 1;

	while (fgets(line, sizeof(line), in)) {
		size_t n = strlen(line);

		/* a source map is dead weight in a mailed report: drop the whole
		 * line, however many reads it takes */
		if (at_line_start && !strncmp(line, "//# sourceMappingURL=", 21))
			skipping = 1;
		at_line_start = n > 0 && line[n - 1] == '\n';
		if (!skipping)
			fputs(line, f);
		if (at_line_start)
			skipping = 0;
	}
	fclose(in);
	free(path);
	fputc('\n', f);
	return 0;
}

static const char css[] =
"body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1d2329;background:#f6f7f9}"
"header,section{margin:0 auto;max-width:1200px;padding:12px 20px}"
"header{background:#1d2329;color:#fff;max-width:none}"
"header h1{margin:0;font-size:20px}header p{margin:4px 0;color:#c9d1d9}"
"h2{font-size:17px;border-bottom:1px solid #d0d7de;padding-bottom:4px}"
".finding{background:#fff;border-left:5px solid #8b949e;margin:10px 0;padding:8px 14px;"
"border-radius:4px;box-shadow:0 1px 2px rgba(0,0,0,.08)}"
".finding.critical,.finding.high{border-color:#cf222e}.finding.medium{border-color:#bf8700}"
".finding.low,.finding.info{border-color:#0969da}"
".sev{font-weight:700;text-transform:uppercase;font-size:12px;margin-right:6px}"
".finding.high .sev,.finding.critical .sev{color:#cf222e}.finding.medium .sev{color:#9a6700}"
"pre{background:#f0f2f4;padding:6px 8px;overflow:auto;font-size:12px;white-space:pre-wrap}"
".chain{display:flex;flex-wrap:wrap;align-items:center;gap:6px;margin:10px 0}"
".node{background:#fff;border:1px solid #8c959f;border-radius:6px;padding:6px 10px;font-size:13px}"
".node b{display:block}.arrow{color:#57606a;font-size:12px;white-space:nowrap}"
".chart{background:#fff;margin:8px 0;padding:6px 10px;border-radius:4px}"
".chart h3{margin:0 0 4px;font-size:13px;font-weight:600}"
".plot{width:100%;height:190px}"
"table{border-collapse:collapse;background:#fff;font-size:12px;margin:6px 0}"
"td,th{border:1px solid #d0d7de;padding:3px 6px;text-align:left;vertical-align:top}"
"td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#eaeef2}"
".muted{color:#57606a}select{max-width:600px}";

/* The glue: charts for the series behind findings, a chooser for any
 * other, one synchronized time axis, findings shaded and events marked.
 * A million points stay responsive: the charts within one window height
 * of the top of the charts section are drawn at once from the overview
 * blocks (before the glue; about 2 points per pixel, each run's minimum,
 * maximum and first gap), the others when they come near the screen
 * (IntersectionObserver); after a zoom or pan settles, a chart's data
 * becomes the visible range at full resolution (decimated to the pixels
 * when still denser), read from the full blocks written after the glue.
 * body[data-ready-ms] is when the first screen of charts is drawn,
 * synchronized and answering (tools/bench-report.sh prints it). */
static const char glue[] =
"(function(){'use strict';\n"
"var D=JSON.parse(document.getElementById('pm-data').textContent);\n"
"var charts=[],sync=null,shown={},boxes=[];\n"
"function block(id){var el=document.getElementById(id);return el?JSON.parse(el.textContent):null;}\n"
"function full(s){if(!s.d)s.d=block('pm-s-'+s.id);return s.d||over(s);}\n"
"function over(s){if(s.o===undefined)s.o=block('pm-o-'+s.id);return s.o||full(s);}\n"
"function lower(t,x){var a=0,b=t.length;while(a<b){var m=(a+b)>>1;if(t[m]<x)a=m+1;else b=m;}return a;}\n"
"function rows(s,lo,hi,px){var d=lo===null?over(s):full(s),t=d.t,v=d.v,a=0,b=t.length,r=[],i,k;\n"
"if(lo!==null){a=Math.max(0,lower(t,lo)-1);b=Math.min(t.length,lower(t,hi)+1);}\n"
"if(b-a<=2*px){for(i=a;i<b;i++)r.push([t[i],v[i]]);return r;}\n"
"var per=(b-a)/px;for(k=0;k<px;k++){var i0=a+Math.floor(k*per),i1=Math.min(b,a+Math.floor((k+1)*per)),\n"
"lo_=-1,hi_=-1,gap=-1,x;for(i=i0;i<i1;i++){x=v[i];if(x===null){if(gap<0)gap=i;continue;}\n"
"if(lo_<0||x<v[lo_])lo_=i;if(hi_<0||x>v[hi_])hi_=i;}\n"
"var keep=[lo_,hi_,gap].filter(function(j,n,all){return j>=0&&all.indexOf(j)===n;}).sort(function(p,q){return p-q;});\n"
"keep.forEach(function(j){r.push([t[j],v[j]]);});}\n"
"return r;}\n"
"function marks(ctx,area,g,sid){D.findings.forEach(function(f){\n"
"var a=g.toDomXCoord(f.start_us/1000),b=g.toDomXCoord(f.end_us/1000);\n"
"ctx.fillStyle='rgba(207,34,46,0.10)';ctx.fillRect(a,area.y,Math.max(2,b-a),area.h);});\n"
"D.events.forEach(function(e){\n"
"if(e.series!==null&&e.series!==sid)return;var x=g.toDomXCoord(e.start_us/1000);\n"
"ctx.fillStyle=e.series===null?'rgba(207,34,46,0.8)':'rgba(9,105,218,0.55)';\n"
"ctx.fillRect(x,area.y,e.series===null?2:1,area.h);});}\n"
"function refine(g,initial){if(initial)return;var z=g.isZoomed('x'),r=g.xAxisRange(),\n"
"key=z?r[0]+':'+r[1]:'all';if(key===g.pmKey)return;g.pmKey=key;clearTimeout(g.pmT);\n"
"g.pmT=setTimeout(function(){var o={file:z?rows(g.pmS,r[0],r[1],g.pmPx):rows(g.pmS,null,null,g.pmPx)};\n"
"if(z)o.dateWindow=r;g.updateOptions(o);},80);}\n"
"function resync(){if(sync){sync.detach();sync=null;}\n"
"if(charts.length>1)sync=Dygraph.synchronize(charts,{zoom:true,selection:true,range:false});}\n"
"function draw(box,batch){if(box.pmG)return;var s=box.pmS,p=box.lastChild,px=Math.max(100,p.clientWidth||800),\n"
"z=charts.length&&charts[0].isZoomed('x')?charts[0].xAxisRange():null,bin=/bytes/.test(s.unit||'');\n"
"var g=new Dygraph(p,z?rows(s,z[0],z[1],px):rows(s,null,null,px),{labels:['time',s.name],labelsUTC:true,\n"
"labelsKMG2:bin,labelsKMB:!bin,axes:{y:{axisLabelWidth:64},x:{axisLabelWidth:72,\n"
"valueFormatter:function(ms){return new Date(ms).toISOString().slice(0,19).replace('T',' ');},\n"
"axisLabelFormatter:Dygraph.dateAxisLabelFormatter,ticker:Dygraph.dateTicker}},\n"
"underlayCallback:function(c,a,gr){marks(c,a,gr,s.id);},drawCallback:refine,connectSeparatedPoints:false,strokeWidth:1.2,\n"
"legend:'follow',animatedZooms:false,color:'#0969da',dateWindow:z||undefined});\n"
"g.pmS=s;g.pmPx=px;g.pmKey=z?z[0]+':'+z[1]:'all';box.pmG=g;charts.push(g);if(!batch)resync();}\n"
"var io='IntersectionObserver' in window?new IntersectionObserver(function(es){\n"
"var n=charts.length;es.forEach(function(e){if(e.isIntersecting){io.unobserve(e.target);draw(e.target,1);}});\n"
"if(charts.length!==n)resync();},\n"
"{rootMargin:'100% 0px'}):null;\n"
"function add(s,now){if(shown[s.id])return shown[s.id];\n"
"var box=document.createElement('div');box.className='chart';box.id='chart-'+s.id;box.pmS=s;\n"
"var h=document.createElement('h3');h.textContent=s.name+(s.unit?' ('+s.unit+')':'');\n"
"var p=document.createElement('div');p.className='plot';box.appendChild(h);box.appendChild(p);\n"
"document.getElementById('charts').appendChild(box);shown[s.id]=box;boxes.push(box);\n"
"if(now||!io)draw(box);else io.observe(box);return box;}\n"
"var first=D.series.filter(function(s){return s.in_finding;});\n"
"if(!first.length)first=D.series.slice(0,4);\n"
"first.forEach(function(s){add(s,false);});\n"
"var top=document.getElementById('charts').getBoundingClientRect().top;\n"
"boxes.forEach(function(b){if(b.getBoundingClientRect().top-top<window.innerHeight){if(io)io.unobserve(b);draw(b,1);}});\n"
"resync();\n"
"var sel=document.getElementById('chooser');\n"
"D.series.forEach(function(s){var o=document.createElement('option');\n"
"o.value=s.id;o.textContent=s.name+(s.unit?' ('+s.unit+')':'');sel.appendChild(o);});\n"
"sel.addEventListener('change',function(){var id=+sel.value;\n"
"D.series.forEach(function(s){if(s.id===id)add(s,true).scrollIntoView({block:'nearest'});});});\n"
"document.getElementById('unzoom').addEventListener('click',function(){\n"
"charts.forEach(function(g){g.resetZoom();});});\n"
"document.body.setAttribute('data-charts-ready',String(charts.length));\n"
"document.body.setAttribute('data-charts',String(boxes.length));\n"
"document.body.setAttribute('data-ready-ms',String(Math.round(performance.now())));\n"
"setTimeout(function(){var px=0;document.querySelectorAll('#charts canvas').forEach(function(c){\n"
"try{var d=c.getContext('2d').getImageData(0,0,c.width,c.height).data;\n"
"for(var i=3;i<d.length;i+=4)if(d[i])px++;}catch(e){}});\n"
"document.body.setAttribute('data-canvas-pixels',String(px));},0);\n"
"})();\n";

static void data_block(FILE *f, const struct report_model *m)
{
	fputs("{\"findings\":[", f);
	for (size_t i = 0; i < m->nfindings; i++) {
		const struct rfinding *d = &m->findings[i];

		fprintf(f, "%s{\"id\":%lld,\"start_us\":%lld,\"end_us\":%lld,\"title\":",
			i ? "," : "", (long long)d->id, (long long)d->start_us,
			(long long)d->end_us);
		jstr(f, d->title);
		fputc('}', f);
	}
	fputs("],\n\"events\":[", f);
	for (size_t i = 0; i < m->nevents; i++) {
		fprintf(f, "%s{\"id\":%lld,\"start_us\":%lld,\"series\":", i ? "," : "",
			(long long)m->events[i].id, (long long)m->events[i].start_us);
		if (m->events[i].series_id)
			fprintf(f, "%lld}", (long long)m->events[i].series_id);
		else
			fputs("null}", f);
	}
	fputs("],\n\"series\":[", f);
	for (size_t i = 0; i < m->nseries; i++) {
		const struct rseries *s = &m->series[i];
		char *name = xasprintf("%s%s%s%s%s%s", s->metric, s->instance[0] ? " [" : "",
				       s->instance, s->instance[0] ? "]" : "",
				       m->hosts.nrows > 1 ? " @" : "",
				       m->hosts.nrows > 1 ? s->host : "");

		fprintf(f, "%s\n{\"id\":%lld,\"in_finding\":%s,\"name\":", i ? "," : "",
			(long long)s->id, s->in_finding ? "true" : "false");
		jstr(f, name);
		fputs(",\"unit\":", f);
		jstr(f, s->unit);
		fputc('}', f);
		free(name);
	}
	fputs("]}", f);
}

/* One JSON block per series, parsed only when its chart is drawn: a report
 * carrying a million points opens as fast as one carrying a few. Times are
 * milliseconds (what the charts use). */
static int shown_first(const struct report_model *m, size_t i)
{
	size_t nf = 0;

	for (size_t k = 0; k < m->nseries; k++)
		nf += m->series[k].in_finding != 0;
	return nf ? m->series[i].in_finding : i < 4;
}

static void point(FILE *f, const struct rseries *s, size_t k, int *first_out, FILE *vf)
{
	int64_t t = s->ts_us[k];

	if (t % 1000 == 0)
		fprintf(f, "%s%lld", *first_out ? "" : ",", (long long)(t / 1000));
	else
		fprintf(f, "%s%.3f", *first_out ? "" : ",", (double)t / 1000.0);
	if (!*first_out)
		fputc(',', vf);
	if (isfinite(s->values[k]))
		fprintf(vf, "%.10g", s->values[k]);
	else
		fputs("null", vf);
	*first_out = 0;
}

/* One series as {"t":[...],"v":[...]}: every point, or (buckets > 0) the
 * minimum, maximum and first gap of each of `buckets` runs of points, in
 * time order, so a spike or a hole survives the reduction. */
static void series_json(FILE *f, const struct rseries *s, size_t buckets)
{
	char *vbuf = NULL;
	size_t vlen = 0;
	FILE *vf = open_memstream(&vbuf, &vlen);
	int first = 1;

	if (!vf)
		return;
	fputs("{\"t\":[", f);
	if (!buckets || s->n <= 2 * buckets) {
		for (size_t k = 0; k < s->n; k++)
			point(f, s, k, &first, vf);
	} else {
		for (size_t b = 0; b < buckets; b++) {
			size_t i0 = s->n * b / buckets, i1 = s->n * (b + 1) / buckets;
			size_t lo = SIZE_MAX, hi = SIZE_MAX, gap = SIZE_MAX, keep[3], nk = 0;

			for (size_t i = i0; i < i1; i++) {
				double v = s->values[i];

				if (!isfinite(v)) {
					if (gap == SIZE_MAX)
						gap = i;
					continue;
				}
				if (lo == SIZE_MAX || v < s->values[lo])
					lo = i;
				if (hi == SIZE_MAX || v > s->values[hi])
					hi = i;
			}
			/* the kept points in time order, each once */
			if (lo != SIZE_MAX)
				keep[nk++] = lo;
			if (hi != SIZE_MAX && hi != lo)
				keep[nk++] = hi;
			if (gap != SIZE_MAX)
				keep[nk++] = gap;
			for (size_t x = 1; x < nk; x++)
				for (size_t y = x; y > 0 && keep[y - 1] > keep[y]; y--) {
					size_t tmp = keep[y];

					keep[y] = keep[y - 1];
					keep[y - 1] = tmp;
				}
			for (size_t x = 0; x < nk; x++)
				point(f, s, keep[x], &first, vf);
		}
	}
	fclose(vf);
	fputs("],\"v\":[", f);
	fwrite(vbuf, 1, vlen, f);
	fputs("]}", f);
	free(vbuf);
}

/* Before the glue: a reduced copy (OVERVIEW_BUCKETS runs) of the first
 * FIRST_SCREEN series charted when the page opens, so the first screen of
 * charts is drawn before the browser has even read the full data.  After
 * the glue: every series at full resolution (the model's), parsed only
 * when a chart needs it (drawn without an overview, or zoomed in). */
#define OVERVIEW_BUCKETS 1500
#define FIRST_SCREEN 8

static void overview_blocks(FILE *f, const struct report_model *m)
{
	size_t n = 0;

	for (size_t i = 0; i < m->nseries && n < FIRST_SCREEN; i++) {
		if (!shown_first(m, i))
			continue;
		fprintf(f, "<script type=\"application/json\" id=pm-o-%lld>",
			(long long)m->series[i].id);
		series_json(f, &m->series[i], OVERVIEW_BUCKETS);
		fputs("</script>\n", f);
		n++;
	}
}

static void series_blocks(FILE *f, const struct report_model *m)
{
	for (size_t i = 0; i < m->nseries; i++) {
		fprintf(f, "<script type=\"application/json\" id=pm-s-%lld>",
			(long long)m->series[i].id);
		series_json(f, &m->series[i], 0);
		fputs("</script>\n", f);
	}
}


static void table(FILE *f, const struct rtable *t, int show_sql)
{
	fputs("<table><tr>", f);
	for (size_t c = 0; c < t->ncols; c++) {
		fputs("<th>", f);
		html_text(f, t->cols[c]);
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
	for (size_t r = 0; r < t->nrows; r++) {
		fputs("<tr>", f);
		for (size_t c = 0; c < t->ncols; c++) {
			fputs(t->numeric[c] ? "<td class=n>" : "<td>", f);
			html_text(f, t->cells[r * t->ncols + c]);
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
	if (show_sql) {
		fputs("<details><summary class=muted>SQL</summary><pre>", f);
		html_text(f, t->sql);
		fputs("</pre></details>\n", f);
	}
}

/* ts, kind, subject, and for detector events the change they saw. */
static void timeline(FILE *f, const struct report_model *m)
{
	const struct rtable *t = &m->timeline;

	fputs("<table><tr><th>time (UTC)</th><th>kind</th><th>what</th>"
	      "<th>change</th></tr>\n", f);
	for (size_t r = 0; r < t->nrows; r++) {
		char **c = t->cells + r * t->ncols;
		const struct revent *e = NULL;
		int64_t ref;

		if (c[1] && !strcmp(c[1], "event") && c[4] &&
		    !num_parse_i64(c[4], strlen(c[4]), &ref))
			e = report_event(m, ref);
		fputs("<tr><td>", f);
		html_text(f, c[0]);
		fputs("</td><td>", f);
		html_text(f, c[2]);
		fputs("</td><td>", f);
		html_text(f, c[3]);
		fputs("</td><td>", f);
		if (e) {
			html_text(f, e->before);
			fputs(" &rarr; ", f);
			html_text(f, e->after);
		}
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

static void node(FILE *f, const struct revent *e)
{
	char ts[40];

	fmt_ts(e->start_us - e->start_us % 1000000, ts, sizeof(ts));
	fputs("<div class=node><b>", f);
	html_text(f, e->metric);
	if (e->instance[0]) {
		fputs(" [", f);
		html_text(f, e->instance);
		fputs("]", f);
	}
	fputs("</b>", f);
	html_text(f, e->kind);
	fputs(": ", f);
	html_text(f, e->before);
	fputs(" &rarr; ", f);
	html_text(f, e->after);
	fputs("<br><span class=muted>", f);
	html_text(f, ts + 11);
	fputs(" UTC &middot; ", f);
	html_text(f, e->source);
	fputs("</span></div>", f);
}

static int write_html(const struct report_model *m, const struct report_opts *o, FILE *f)
{
	char a[40], b[40];

	fmt_ts(m->first_us - m->first_us % 1000000, a, sizeof(a));
	fmt_ts(m->last_us - m->last_us % 1000000, b, sizeof(b));
	fputs("<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n"
	      "<meta name=viewport content=\"width=device-width\">\n"
	      "<title>pmortem report</title>\n<style>\n", f);
	if (inline_file(f, o->dygraphs_dir, "dygraph.min.css") < 0)
		return -1;
	fputs(css, f);
	fputs("</style></head><body>\n", f);
	/* first of all, count script errors and blocked requests, so a test (or
	 * a curious reader) can see the page ran clean: body[data-js-errors] */
	fputs("<script>(function(){var n=0,b=0;function put(){document.body.setAttribute("
	      "'data-js-errors',String(n));document.body.setAttribute('data-blocked',"
	      "String(b));}window.addEventListener('error',function(){n++;put();});"
	      "document.addEventListener('securitypolicyviolation',function(){b++;put();});"
	      "put();})();</script>\n", f);
	fputs("<header><h1>pmortem report</h1><p>", f);
	html_text(f, a);
	fputs(" .. ", f);
	html_text(f, b);
	fprintf(f, " UTC &middot; %zu sources &middot; %lld files skipped</p>", m->sources.nrows,
		(long long)m->skipped);
	for (size_t r = 0; r < m->hosts.nrows; r++) {
		char **c = m->hosts.cells + r * m->hosts.ncols;

		fputs("<p>host ", f);
		for (size_t k = 0; k < 4 && k < m->hosts.ncols; k++)
			if (c[k]) {
				html_text(f, c[k]);
				fputc(' ', f);
			}
		if (m->hosts.ncols > 5 && c[4]) {
			fputs("&middot; CPUs ", f);
			html_text(f, c[4]);
		}
		if (m->hosts.ncols > 5 && c[5]) {
			char mem[32];
			double v = 0;

			num_parse(c[5], strlen(c[5]), 0, &v);
			human_value(v, "bytes", mem, sizeof(mem));
			fputs(" &middot; memory ", f);
			html_text(f, mem);
		}
		fputs("</p>", f);
	}
	fputs("</header>\n<section id=completeness><h2>Completeness of the sources</h2>\n", f);
	table(f, &m->completeness, 1);
	fputs("</section>\n<section id=findings><h2>Findings</h2>\n", f);
	if (!m->nfindings)
		fputs("<p class=muted>No findings.</p>\n", f);
	for (size_t i = 0; i < m->nfindings; i++) {
		const struct rfinding *d = &m->findings[i];
		char ts[40];

		fmt_ts(d->start_us - d->start_us % 1000000, ts, sizeof(ts));
		fputs("<div class=\"finding ", f);
		html_text(f, d->severity);
		fputs("\"><p><span class=sev>", f);
		html_text(f, d->severity);
		fputs("</span><b>", f);
		html_text(f, d->title);
		fputs("</b> <span class=muted>", f);
		html_text(f, d->host);
		fputs(", ", f);
		html_text(f, ts);
		fputs(" UTC</span></p><p>", f);
		html_text(f, d->summary);
		fputs("</p><p><b>Advice:</b> ", f);
		html_text(f, d->advice);
		fputs("</p><details><summary class=muted>Evidence (SQL)</summary><pre>", f);
		html_text(f, d->evidence_sql);
		fputs("</pre></details></div>\n", f);
	}
	fputs("</section>\n<section id=chains><h2>Cause &rarr; effect</h2>\n", f);
	if (!m->nchains)
		fputs("<p class=muted>No cause &rarr; effect links found.</p>\n", f);
	for (size_t i = 0; i < m->nchains; i++) {
		const struct rchain *c = &m->chains[i];

		fputs("<div class=chain>", f);
		for (size_t k = 0; k < c->n; k++) {
			const struct revent *e = report_event(m, c->events[k]);

			if (!e)
				continue;
			if (k)
				fprintf(f, "<span class=arrow>&rarr; %.3g s &rarr;</span>", c->lags[k - 1]);
			node(f, e);
		}
		fputs("</div>\n", f);
	}
	fputs("</section>\n<section><h2>Time series</h2><p>Drag to zoom (all charts "
	      "follow), double-click or <button id=unzoom>reset</button>. Findings are "
	      "shaded, events marked. Add a series: <select id=chooser>"
	      "<option value=\"\">choose...</option></select></p>"
	      "<div id=charts></div></section>\n", f);
	fputs("<section id=timeline><h2>Timeline (UTC)</h2>\n", f);
	timeline(f, m);
	fputs("</section>\n<section id=sources><h2>Sources</h2>\n", f);
	table(f, &m->sources, 1);
	for (size_t i = 0; i < m->nsections; i++) {
		fputs("<h2>", f);
		html_text(f, m->sections[i].title);
		fputs("</h2>\n", f);
		table(f, &m->sections[i], 1);
	}
	fputs("</section>\n<script type=\"application/json\" id=pm-data>", f);
	data_block(f, m);
	fputs("</script>\n", f);
	overview_blocks(f, m);
	fputs("<script>\n", f);
	if (inline_file(f, o->dygraphs_dir, "dygraph.min.js") < 0)
		return -1;
	fputs("</script>\n<script>\n", f);
	if (inline_file(f, o->dygraphs_dir, "src-es5/extras/synchronizer.js") < 0)
		return -1;
	fputs("</script>\n<script>\n", f);
	fputs(glue, f);
	fputs("</script>\n", f);
	series_blocks(f, m);
	fputs("</body></html>\n", f);
	return ferror(f) ? -1 : 0;
}

const struct report_format report_html = {
	.name = "html",
	.wants_series = 1,
	.write = write_html,
};
