/// The dashboard's one stylesheet: system fonts, colours with at least 4.5:1 contrast on
/// white for text, one column on narrow screens (tables become labelled cards).
enum Stylesheet {
    static let css = """
        :root{--fg:#1f2328;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;--link:#0550ae;--ok:#1a7f37;--warn:#9a6700;--crit:#cf222e;--none:#6e7781}
        *{box-sizing:border-box}
        body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--fg);background:var(--bg)}
        a{color:var(--link)}
        a:focus,button:focus,input:focus,select:focus,summary:focus{outline:3px solid #0969da;outline-offset:2px}
        .skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px;z-index:2}
        header.top{display:flex;flex-wrap:wrap;align-items:center;gap:8px 20px;padding:10px 20px;border-bottom:1px solid var(--line);background:var(--soft)}
        .brand{font-weight:700;font-size:18px;color:var(--fg);text-decoration:none}
        nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 14px}
        nav a[aria-current]{font-weight:700;color:var(--fg);text-decoration-thickness:3px}
        form.tz,form.signout{margin-left:auto;display:flex;gap:6px;align-items:center;font-size:13px}
        form.signout{margin-left:0}
        input,select,button{font:inherit;padding:3px 6px;border:1px solid var(--line);border-radius:6px;background:#fff;color:var(--fg)}
        button{background:var(--soft);cursor:pointer}
        main{padding:16px 20px;max-width:1200px}
        h1{font-size:24px;margin:8px 0 12px}h2{font-size:19px;margin:24px 0 8px}h3{font-size:16px;margin:12px 0 4px}
        h2.group{border-bottom:1px solid var(--line);padding-bottom:4px}
        .muted{color:var(--muted)}.crumbs{margin:0;color:var(--muted)}
        .tag{font-size:12px;font-weight:400;color:var(--muted);border:1px solid var(--line);border-radius:10px;padding:0 7px;white-space:nowrap}
        .badge{display:inline-block;font-size:13px;font-weight:600;border-radius:10px;padding:0 8px;border:1px solid currentColor;white-space:nowrap}
        .badge::before{content:"";display:inline-block;width:8px;height:8px;border-radius:50%;background:currentColor;margin-right:5px;vertical-align:1px}
        .ok{color:var(--ok)}.warn{color:var(--warn)}.crit{color:var(--crit)}.none{color:var(--none)}
        table{border-collapse:collapse;width:100%;margin:6px 0 12px}
        th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
        thead th{font-size:13px;color:var(--muted);font-weight:600}
        .bar{display:inline-block;width:90px;height:10px;border:1px solid var(--line);border-radius:5px;background:var(--soft);vertical-align:middle;overflow:hidden}
        .bar .fill{display:block;height:100%}.fill.ok{background:var(--ok)}.fill.warn{background:var(--warn)}.fill.crit{background:var(--crit)}.fill.none{background:var(--none)}
        .attention{border:1px solid var(--crit);border-radius:8px;padding:4px 14px;margin:8px 0 16px}
        .attention h2{margin-top:8px}.calm{margin:8px 0 16px}
        ul.plain{list-style:none;padding:0;margin:4px 0}ul.plain li{padding:3px 0}
        .filters{display:flex;flex-wrap:wrap;gap:6px 10px;align-items:center;margin-bottom:8px}
        dl.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:8px;margin:8px 0 12px}
        dl.figures div{border:1px solid var(--line);border-radius:8px;padding:6px 10px}
        dt{font-size:12px;color:var(--muted)}dd{margin:0;font-size:17px;font-weight:600}
        figure.chart{margin:4px 0;max-width:760px}figure.chart svg{width:100%;height:auto;display:block}
        .ranges a{margin-right:10px}.ranges a[aria-current]{font-weight:700}
        .note{border-left:4px solid var(--warn);padding:2px 10px;background:#fff8c5}
        pre.doc{white-space:pre-wrap;background:var(--soft);border:1px solid var(--line);border-radius:8px;padding:10px;font-size:13px}
        ol.timeline{padding-left:20px}ol.timeline li{margin:3px 0}
        footer{padding:12px 20px;color:var(--muted);font-size:13px;border-top:1px solid var(--line)}
        body.public main{max-width:860px;margin:0 auto}
        .overall{font-size:18px;border:1px solid currentColor;border-radius:8px;padding:10px 14px}
        .status-service{border-bottom:1px solid var(--line);padding:4px 0 10px}
        .uptime{display:flex;gap:2px;height:30px;margin-top:6px}
        .uptime .day{flex:1;border-radius:2px;min-width:2px}
        .day.up{background:var(--ok)}.day.degraded{background:#d4a72c}.day.down{background:var(--crit)}.day.no_data{background:#d0d7de}
        .legend{display:inline-flex;align-items:center;gap:4px;font-size:12px;margin-right:10px}.swatch{display:inline-block;width:12px;height:12px;border-radius:2px}
        .escalations>li{margin-bottom:8px}
        .uptime-legend{display:flex;justify-content:space-between;font-size:12px;color:var(--muted);margin:2px 0}
        .status-incident{border:1px solid var(--line);border-radius:8px;padding:4px 12px;margin:8px 0}
        .login{display:flex;flex-wrap:wrap;gap:8px;align-items:center}
        @media (max-width:700px){
          main{padding:12px}
          header.top{padding:8px 12px}form.tz{margin-left:0}
          table,thead,tbody,tr,th,td{display:block;width:100%}
          thead{position:absolute;left:-9999px}
          tr{border:1px solid var(--line);border-radius:8px;margin:0 0 10px;padding:4px 8px}
          th,td{border:0;padding:3px 0}
          td[data-label]::before,th[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-size:13px;font-weight:400}
        }

        """
}
