/// The dashboard's Mustache templates, one per page plus the layout they extend
/// (`{{<layout}}{{$body}}…{{/body}}{{/layout}}`). Values are HTML-escaped unless written
/// with triple braces, which only the server-made SVG charts use.
enum Templates {
    static let all: [(name: String, text: String)] = [
        ("layout", layout), ("overview", overview), ("slo", slo), ("probes", probes), ("alerts", alerts),
        ("incidents", incidents), ("incident", incident), ("changes", changes), ("deployment", deployment), ("weekly", weekly),
        ("status", status), ("login", login), ("error", error), ("pagelink", pageLink), ("oncall", oncall), ("escalationList", escalationList),
    ]

    static let layout = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        {{#chrome}}<title>{{title}} · Vigil</title>{{#refresh}}
        <meta http-equiv="refresh" content="{{.}}">{{/refresh}}{{/chrome}}
        <link rel="stylesheet" href="/assets/vigil.css">
        </head>
        <body>
        <a class="skip" href="#main">Skip to the content</a>
        {{#chrome}}
        <header class="top">
        <a class="brand" href="/{{query}}">Vigil</a>
        <nav aria-label="Pages"><ul>{{#navigation}}<li><a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a></li>{{/navigation}}</ul></nav>
        <form class="tz" method="get">
        {{#keep}}<input type="hidden" name="{{name}}" value="{{value}}">{{/keep}}
        <label for="tz">Times in</label> <input id="tz" name="tz" value="{{timeZone}}" size="14" autocomplete="off">
        <button type="submit">Show</button> <button type="button" id="local-tz" hidden>My time zone</button>
        </form>
        {{#signedIn}}<form class="signout" method="post" action="/logout"><button type="submit">Sign out</button></form>{{/signedIn}}
        </header>
        {{/chrome}}
        <main id="main">
        {{$body}}{{/body}}
        </main>
        {{#chrome}}<footer>Figures computed at {{generatedAt}} by the same functions as the API. <a href="{{refreshHref}}">Refresh every 30 s</a>.</footer>{{/chrome}}
        <script>
        // Optional: with scripts on, one click fills in the browser's own time zone.
        (function () {
          var button = document.getElementById("local-tz");
          if (!button || !window.Intl) return;
          button.hidden = false;
          button.onclick = function () { button.form.tz.value = Intl.DateTimeFormat().resolvedOptions().timeZone; button.form.submit(); };
        })();
        </script>
        </body>
        </html>

        """

    static let overview = """
        {{<layout}}{{$body}}
        <h1>Services and their SLOs</h1>
        <form class="filters" method="get" aria-label="Filter services">
        <label for="team">Team</label>
        <select id="team" name="team"><option value="">all</option>{{#teams}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/teams}}</select>
        <label for="tier">Tier</label>
        <select id="tier" name="tier"><option value="">all</option>{{#tiers}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/tiers}}</select>
        {{#timeZoneField}}<input type="hidden" name="tz" value="{{.}}">{{/timeZoneField}}
        <button type="submit">Filter</button>
        </form>
        {{#hasAttention}}
        <section class="attention" aria-labelledby="attention">
        <h2 id="attention">Needs attention</h2>
        <ul class="plain">
        {{#incidents}}<li><span class="badge crit">{{severity}} incident, {{status}}</span> <a href="{{href}}">{{reference}} {{title}}</a> — since {{started}}</li>{{/incidents}}
        {{#alerts}}<li><span class="badge {{css}}">{{severity}} firing</span> <a href="{{href}}">{{slo}}</a> {{tier}} — since {{since}}</li>{{/alerts}}
        {{#overrides}}<li><span class="badge warn">override</span> {{.}}</li>{{/overrides}}
        </ul>
        </section>
        {{/hasAttention}}
        {{^hasAttention}}<p class="calm"><span class="badge ok">All quiet</span> No alert is firing and no incident is open.</p>{{/hasAttention}}
        {{#groups}}
        <h2 class="group">{{heading}}</h2>
        {{#services}}
        <section class="service" aria-labelledby="svc-{{name}}">
        <h3 id="svc-{{name}}">{{name}} {{#tier}}<span class="tag">tier {{.}}</span>{{/tier}} {{#team}}<span class="tag">team {{.}}</span>{{/team}}</h3>
        {{#description}}<p class="muted">{{.}}</p>{{/description}}
        {{^empty(slos)}}
        <table class="slos">
        <thead><tr><th scope="col">SLO</th><th scope="col">Status</th><th scope="col">SLI</th><th scope="col">Target</th><th scope="col">Budget remaining</th><th scope="col">Fastest burn</th><th scope="col">Budget runs out</th></tr></thead>
        <tbody>
        {{#slos}}<tr>
        <th scope="row" data-label="SLO"><a href="{{href}}">{{name}}</a></th>
        <td data-label="Status"><span class="badge {{css}}">{{words}}</span></td>
        <td data-label="SLI">{{sli}}</td>
        <td data-label="Target">{{target}} over {{window}}</td>
        <td data-label="Budget remaining"><span class="bar" aria-hidden="true"><span class="fill {{budgetCss}}" style="width:{{budgetWidth}}%"></span></span> {{budget}}</td>
        <td data-label="Fastest burn">{{burn}}</td>
        <td data-label="Budget runs out">{{exhaustion}}</td>
        </tr>{{/slos}}
        </tbody>
        </table>
        {{/empty(slos)}}
        {{#empty(slos)}}<p class="muted">No SLO for this service yet.</p>{{/empty(slos)}}
        </section>
        {{/services}}
        {{/groups}}
        {{^groups}}<p>No service matches these filters.</p>{{/groups}}
        {{/body}}{{/layout}}
        """

    static let slo = """
        {{<layout}}{{$body}}
        <p class="crumbs"><a href="/{{chrome.query}}">Overview</a> › {{service}}</p>
        <h1>{{name}} <span class="badge {{css}}">{{words}}</span></h1>
        {{#description}}<p class="muted">{{.}}</p>{{/description}}
        {{#release}}<p class="release">{{.}}</p>{{/release}}
        <dl class="figures">
        <div><dt>SLI</dt><dd>{{sli}}</dd></div>
        <div><dt>Target</dt><dd>{{target}} over {{window}}</dd></div>
        <div><dt>Budget remaining</dt><dd>{{budget}}</dd></div>
        <div><dt>Events</dt><dd>{{good}} good of {{valid}}</dd></div>
        <div><dt>Current burn</dt><dd>{{burn}}</dd></div>
        <div><dt>Budget runs out</dt><dd>{{exhaustion}}</dd></div>
        </dl>
        {{#notes}}<p class="note">{{.}}</p>{{/notes}}
        <section aria-labelledby="burndown">
        <h2 id="burndown">Error budget burn-down</h2>
        <p class="muted">Budget left since the window began ({{windowStart}}), against spending it evenly until the window closes ({{windowCloses}}). Dashed: even spending; red lines: incidents; amber lines: changes.</p>
        <figure class="chart">{{{burnDownSVG}}}</figure>
        <details><summary>Burn-down as a table</summary>
        <table><thead><tr><th scope="col">Time</th><th scope="col">Budget remaining</th><th scope="col">Even spending</th></tr></thead>
        <tbody>{{#burnDownRows}}<tr><td>{{time}}</td><td>{{value}}</td><td>{{ideal}}</td></tr>{{/burnDownRows}}</tbody></table>
        </details>
        </section>
        <section aria-labelledby="sli-chart">
        <h2 id="sli-chart">SLI over {{rangeLabel}}</h2>
        <nav class="ranges" aria-label="Time range">{{#ranges}}<a href="{{href}}"{{#current}} aria-current="true"{{/current}}>{{label}}</a> {{/ranges}}</nav>
        <figure class="chart">{{{sliSVG}}}</figure>
        <details><summary>SLI as a table</summary>
        <table><thead><tr><th scope="col">From</th><th scope="col">SLI</th><th scope="col">Good</th><th scope="col">Valid</th></tr></thead>
        <tbody>{{#sliRows}}<tr><td>{{time}}</td><td>{{value}}</td><td>{{good}}</td><td>{{valid}}</td></tr>{{/sliRows}}</tbody></table>
        </details>
        </section>
        <section aria-labelledby="windows">
        <h2 id="windows">Burn rate per alert window</h2>
        {{^empty(tiers)}}
        <table>
        <thead><tr><th scope="col">Tier</th><th scope="col">Output</th><th scope="col">Windows</th><th scope="col">Fires above</th><th scope="col">Long burn</th><th scope="col">Short burn</th><th scope="col">State</th></tr></thead>
        <tbody>{{#tiers}}<tr><th scope="row" data-label="Tier">{{name}}</th><td data-label="Output">{{severity}}</td><td data-label="Windows">{{windows}}</td><td data-label="Fires above">{{factor}}</td><td data-label="Long burn">{{long}}</td><td data-label="Short burn">{{short}}</td><td data-label="State"><span class="badge {{css}}">{{state}}</span></td></tr>{{/tiers}}</tbody>
        </table>
        {{/empty(tiers)}}
        {{#empty(tiers)}}<p class="muted">This SLO has no alert windows.</p>{{/empty(tiers)}}
        </section>
        <section aria-labelledby="history">
        <h2 id="history">Alert history</h2>
        {{^empty(history)}}<ul class="plain">{{#history}}<li>{{time}} — {{tier}} {{state}}</li>{{/history}}</ul>{{/empty(history)}}
        {{^history}}<p class="muted">No alert has changed state.</p>{{/history}}
        </section>
        <section aria-labelledby="marks">
        <h2 id="marks">Changes and incidents in range</h2>
        {{^empty(markers)}}<ul class="plain">{{#markers}}<li><span class="badge {{css}}">{{kind}}</span> {{time}} — {{#href}}<a href="{{href}}">{{label}}</a>{{/href}}{{^href}}{{label}}{{/href}}</li>{{/markers}}</ul>{{/empty(markers)}}
        {{^markers}}<p class="muted">None.</p>{{/markers}}
        </section>
        {{/body}}{{/layout}}
        """

    static let probes = """
        {{<layout}}{{$body}}
        <h1>Probes</h1>
        {{#groups}}
        <h2>{{heading}}</h2>
        <table>
        <thead><tr><th scope="col">Probe</th><th scope="col">Service</th><th scope="col">State</th><th scope="col">Latency (recent runs)</th><th scope="col">Last failure</th></tr></thead>
        <tbody>
        {{#probes}}<tr>
        <th scope="row" data-label="Probe">{{name}}<br><span class="muted">{{kind}} {{target}}</span></th>
        <td data-label="Service">{{service}}</td>
        <td data-label="State"><span class="badge {{css}}">{{state}}</span>{{#since}}<br><span class="muted">since {{.}}</span>{{/since}}</td>
        <td data-label="Latency">{{{sparkline}}} {{latency}}</td>
        <td data-label="Last failure">{{#failure}}{{time}}: {{#failed}}<code>{{.}}</code>{{^last()}}, {{/last()}}{{/failed}}{{^empty(failed)}} failed{{/empty(failed)}}{{#observed}} (observed {{.}}){{/observed}}{{#error}} — {{.}}{{/error}}{{/failure}}{{^failure}}none recorded{{/failure}}</td>
        </tr>{{/probes}}
        </tbody>
        </table>
        {{/groups}}
        {{^groups}}<p>No probes are configured.</p>{{/groups}}
        {{/body}}{{/layout}}
        """

    static let alerts = """
        {{<layout}}{{$body}}
        <h1>Alerts</h1>
        <section aria-labelledby="active"><h2 id="active">Firing and pending</h2>
        {{^empty(active)}}<table><thead><tr><th scope="col">SLO</th><th scope="col">Tier</th><th scope="col">State</th><th scope="col">Since</th></tr></thead>
        <tbody>{{#active}}<tr><th scope="row" data-label="SLO"><a href="{{href}}">{{slo}}</a></th><td data-label="Tier">{{tier}}</td><td data-label="State"><span class="badge {{css}}">{{state}}</span></td><td data-label="Since">{{since}}</td></tr>{{/active}}</tbody></table>{{/empty(active)}}
        {{^active}}<p class="calm"><span class="badge ok">None</span> No SLO alert is firing or pending.</p>{{/active}}
        </section>
        <section aria-labelledby="escalations"><h2 id="escalations">Escalations</h2>
        {{> escalationList}}
        </section>
        <section aria-labelledby="silences"><h2 id="silences">Silences</h2>
        {{^empty(silences)}}<table><thead><tr><th scope="col">Matchers</th><th scope="col">Until</th><th scope="col">By</th><th scope="col">Why</th></tr></thead>
        <tbody>{{#silences}}<tr><td data-label="Matchers"><code>{{matchers}}</code></td><td data-label="Until">{{ends}}</td><td data-label="By">{{author}}</td><td data-label="Why">{{comment}}</td></tr>{{/silences}}</tbody></table>{{/empty(silences)}}
        {{^silences}}<p class="muted">No silence is active.</p>{{/silences}}
        </section>
        <section aria-labelledby="recent"><h2 id="recent">Recent state changes</h2>
        {{^empty(history)}}<ul class="plain">{{#history}}<li>{{time}} — <a href="{{href}}">{{slo}}</a> {{tier}} {{state}}</li>{{/history}}</ul>{{/empty(history)}}
        {{^history}}<p class="muted">None yet.</p>{{/history}}
        </section>
        {{/body}}{{/layout}}
        """

    static let incidents = """
        {{<layout}}{{$body}}
        <h1>Incidents</h1>
        {{^empty(rows)}}<table><thead><tr><th scope="col">Incident</th><th scope="col">Severity</th><th scope="col">Status</th><th scope="col">Services</th><th scope="col">Started</th><th scope="col">Resolved</th></tr></thead>
        <tbody>{{#rows}}<tr><th scope="row" data-label="Incident"><a href="{{href}}">{{reference}}</a> {{title}}</th><td data-label="Severity">{{severity}}</td><td data-label="Status"><span class="badge {{css}}">{{status}}</span></td><td data-label="Services">{{services}}</td><td data-label="Started">{{started}}</td><td data-label="Resolved">{{resolved}}</td></tr>{{/rows}}</tbody></table>{{/empty(rows)}}
        {{^rows}}<p class="calm">No incidents recorded.</p>{{/rows}}
        {{/body}}{{/layout}}
        """

    static let incident = """
        {{<layout}}{{$body}}
        <p class="crumbs"><a href="/incidents{{chrome.query}}">Incidents</a> › {{reference}}</p>
        <h1>{{reference}} {{title}} <span class="badge {{css}}">{{status}}</span></h1>
        <dl class="figures">
        <div><dt>Severity</dt><dd>{{severity}}</dd></div>
        <div><dt>Services</dt><dd>{{services}}</dd></div>
        {{#times}}<div><dt>{{label}}</dt><dd>{{value}}</dd></div>{{/times}}
        </dl>
        {{#summary}}<p>{{.}}</p>{{/summary}}
        <section aria-labelledby="roles"><h2 id="roles">Roles</h2>
        {{^empty(roles)}}<ul class="plain">{{#roles}}<li>{{role}}: {{person}}</li>{{/roles}}</ul>{{/empty(roles)}}{{^roles}}<p class="muted">No roles assigned.</p>{{/roles}}
        </section>
        <section aria-labelledby="impact"><h2 id="impact">Error-budget impact</h2>
        {{^empty(impacts)}}<table><thead><tr><th scope="col">SLO</th><th scope="col">Bad events</th><th scope="col">Budget spent</th></tr></thead>
        <tbody>{{#impacts}}<tr><th scope="row" data-label="SLO"><a href="{{href}}">{{slo}}</a></th><td data-label="Bad events">{{bad}} of {{valid}}</td><td data-label="Budget spent">{{spent}} of the {{window}} budget</td></tr>{{/impacts}}</tbody></table>{{/empty(impacts)}}
        {{^impacts}}<p class="muted">No SLO linked.</p>{{/impacts}}
        </section>
        <section aria-labelledby="pm"><h2 id="pm">Postmortem</h2>
        {{#postmortem}}<p>Status: <strong>{{status}}</strong>. <a href="{{href}}">The postmortem as JSON</a>.</p><pre class="doc">{{text}}</pre>{{/postmortem}}
        {{^postmortem}}<p class="muted">No postmortem yet{{#needed}} — one is required: {{.}}{{/needed}}.</p>{{/postmortem}}
        </section>
        <section aria-labelledby="updates"><h2 id="updates">Public updates</h2>
        {{^empty(updates)}}<ul class="plain">{{#updates}}<li>{{time}} — <strong>{{status}}</strong>: {{text}}</li>{{/updates}}</ul>{{/empty(updates)}}{{^updates}}<p class="muted">None published.</p>{{/updates}}
        </section>
        <section aria-labelledby="timeline"><h2 id="timeline">Timeline</h2>
        <ol class="timeline">{{#timeline}}<li><time>{{time}}</time> <span class="tag">{{kind}}</span> {{text}} <span class="muted">— {{author}}</span></li>{{/timeline}}</ol>
        </section>
        {{/body}}{{/layout}}
        """

    static let changes = """
        {{<layout}}{{$body}}
        <h1>Changes</h1>
        {{^empty(rows)}}<table><thead><tr><th scope="col">Time</th><th scope="col">Service</th><th scope="col">Version</th><th scope="col">By</th><th scope="col">What</th></tr></thead>
        <tbody>{{#rows}}<tr><td data-label="Time">{{time}}</td><td data-label="Service">{{service}}</td><td data-label="Version">{{#deployment}}<a href="{{.}}">{{version}}</a>{{/deployment}}{{^deployment}}{{version}}{{/deployment}}</td><td data-label="By">{{author}}</td><td data-label="What">{{#link}}<a href="{{link}}">{{description}}</a>{{/link}}{{^link}}{{description}}{{/link}}</td></tr>{{/rows}}</tbody></table>{{/empty(rows)}}
        {{^rows}}<p class="muted">No changes recorded. Deploys post them to <code>/api/v1/changes</code>.</p>{{/rows}}
        {{/body}}{{/layout}}
        """

    static let deployment = """
        {{<layout}}{{$body}}
        <p class="crumbs"><a href="/changes?service={{service}}{{extraQuery}}">Changes</a> › {{service}}</p>
        <h1>{{service}} {{version}}</h1>
        {{#policy}}<p>{{.}}; {{standing}}.</p>{{/policy}}{{^policy}}<p class="muted">No release policy covers {{service}}: its gate always passes.</p>{{/policy}}
        <section aria-labelledby="stages"><h2 id="stages">Rollout</h2>
        {{^empty(stages)}}<table><thead><tr><th scope="col">Time</th><th scope="col">Stage</th><th scope="col">By</th><th scope="col">Budget left then</th></tr></thead>
        <tbody>{{#stages}}<tr><td data-label="Time">{{time}}</td><td data-label="Stage">{{what}}</td><td data-label="By">{{author}}</td><td data-label="Budget left then">{{#budgets}}<span class="{{css}}">{{slo}} {{remaining}}</span><br>{{/budgets}}</td></tr>{{/stages}}</tbody></table>{{/empty(stages)}}
        {{^stages}}<p class="muted">No change of this version recorded. A deploy posts each stage to <code>/api/v1/changes</code> with <code>stage: 10%</code>.</p>{{/stages}}
        </section>
        <section aria-labelledby="canary"><h2 id="canary">Canary analysis</h2>
        {{#runs}}<h3>{{title}} <span class="badge {{css}}">{{status}}</span></h3>
        <p>{{reason}}</p>{{#rollback}}<p class="warn">{{.}}</p>{{/rollback}}
        <table><thead><tr><th scope="col">Interval</th><th scope="col">Score</th><th scope="col">SLI</th><th scope="col">Canary bad</th><th scope="col">Baseline bad</th><th scope="col">Difference [interval]</th><th scope="col">Tolerated</th><th scope="col">Verdict</th></tr></thead>
        <tbody>{{#rows}}<tr><td data-label="Interval">{{interval}}</td><td data-label="Score"><span class="{{css}}">{{score}}</span></td>{{#metric}}<td data-label="SLI">{{sli}}</td><td data-label="Canary bad">{{canary}}</td><td data-label="Baseline bad">{{baseline}}</td><td data-label="Difference">{{difference}}</td><td data-label="Tolerated">{{margin}}</td><td data-label="Verdict"><span class="{{css}}">{{verdict}}</span> {{needed}}</td>{{/metric}}</tr>{{/rows}}</tbody></table>
        {{/runs}}{{^runs}}<p class="muted">No canary run of this version. <code>vigil canary run</code> starts one.</p>{{/runs}}
        </section>
        <section aria-labelledby="gate"><h2 id="gate">Gate decisions</h2>
        {{^empty(decisions)}}<table><thead><tr><th scope="col">Time</th><th scope="col">Result</th><th scope="col">Asked by</th><th scope="col">Why</th></tr></thead>
        <tbody>{{#decisions}}<tr><td data-label="Time">{{time}}</td><td data-label="Result"><span class="badge {{css}}">{{result}}</span></td><td data-label="Asked by">{{by}}</td><td data-label="Why">{{reasons}}</td></tr>{{/decisions}}</tbody></table>{{/empty(decisions)}}
        {{^decisions}}<p class="muted">The gate was not asked about this version. <code>vigil gate --service {{service}} --version {{version}}</code> asks it.</p>{{/decisions}}
        {{^empty(overrides)}}<h3>Overrides</h3><ul class="plain">{{#overrides}}<li class="warn">{{text}}</li>{{/overrides}}</ul>{{/empty(overrides)}}
        </section>
        {{/body}}{{/layout}}
        """

    static let weekly = """
        {{<layout}}{{$body}}
        <nav class="ranges" aria-label="Week">{{#previous}}<a href="{{.}}">← previous week</a>{{/previous}} {{#next}}<a href="{{.}}">next week →</a>{{/next}}</nav>
        <article class="report">{{{reportHTML}}}</article>
        {{/body}}{{/layout}}
        """

    static let status = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}}</title>
        <link rel="stylesheet" href="/assets/vigil.css">
        <link rel="alternate" type="application/atom+xml" title="{{title}}: incidents" href="/status.atom">
        </head>
        <body class="public">
        <main id="main">
        <h1>{{title}}</h1>
        {{#description}}<p class="muted">{{.}}</p>{{/description}}
        <p class="overall {{overallCss}}"><strong>{{overallWords}}</strong></p>
        {{^empty(active)}}<section aria-labelledby="now"><h2 id="now">Current incidents</h2>{{#active}}\(statusIncident){{/active}}</section>{{/empty(active)}}
        {{^empty(maintenance)}}<section aria-labelledby="planned"><h2 id="planned">Maintenance</h2><ul class="plain">{{#maintenance}}<li><strong>{{service}}</strong>: {{start}} to {{end}}{{#inProgress}} (in progress){{/inProgress}} — {{reason}}</li>{{/maintenance}}</ul></section>{{/empty(maintenance)}}
        <section aria-labelledby="services"><h2 id="services">Services</h2>
        {{#services}}
        <div class="status-service">
        <h3>{{name}} <span class="badge {{css}}">{{words}}</span></h3>
        {{#about}}<p class="muted">{{.}}</p>{{/about}}
        {{^empty(days)}}
        <div class="uptime" role="img" aria-label="{{name}}: {{uptime}} uptime over {{dayCount}} days">{{#days}}<span class="day {{level}}" title="{{date}}: {{words}}"></span>{{/days}}</div>
        <p class="uptime-legend"><span>{{dayCount}} days ago</span><span>{{uptime}} uptime</span><span>today</span></p>
        {{/empty(days)}}
        </div>
        {{/services}}
        </section>
        <section aria-labelledby="past"><h2 id="past">Past incidents</h2>
        {{#past}}\(statusIncident){{/past}}
        {{^past}}<p class="muted">No incidents in the last {{dayCount}} days.</p>{{/past}}
        </section>
        <footer>Updated {{updatedAt}}. <a href="/status.json">JSON</a> · <a href="/status.atom">Atom feed</a></footer>
        </main>
        </body>
        </html>

        """

    static let statusIncident = """
        <article class="status-incident"><h3>{{title}} <span class="badge {{css}}">{{statusWords}}</span></h3>
        <p class="muted">{{services}} · {{started}}{{#resolved}} – {{.}}{{/resolved}}</p>
        <ul class="plain">{{#updates}}<li><time>{{time}}</time> <strong>{{status}}</strong> — {{text}}</li>{{/updates}}</ul></article>

        """

    static let login = """
        {{<layout}}{{$body}}
        <h1>Sign in</h1>
        <p>Reads on this server need a token with any scope. It is kept in a cookie for this site only (HttpOnly, SameSite=Strict) and never used for changes.</p>
        {{#problem}}<p class="note" role="alert">{{.}}</p>{{/problem}}
        <form method="post" action="/login" class="login">
        <input type="hidden" name="next" value="{{next}}">
        <label for="token">Token</label> <input id="token" name="token" type="password" autocomplete="current-password" required>
        <button type="submit">Sign in</button>
        </form>
        {{/body}}{{/layout}}
        """

    static let escalationList = """
        {{^empty(escalations)}}<ul class="plain escalations">{{#escalations}}<li><strong>{{id}}</strong> <span class="badge {{css}}">{{status}}</span> {{policy}} — {{about}}
        <ul class="plain">{{#pages}}<li>{{.}}</li>{{/pages}}{{#next}}<li><em>next: {{.}}</em></li>{{/next}}</ul></li>{{/escalations}}</ul>{{/empty(escalations)}}
        {{^escalations}}<p class="muted">No page is escalating.</p>{{/escalations}}
        """

    static let oncall = """
        {{<layout}}{{$body}}
        <h1>On call</h1>
        {{#warnings}}<p class="note" role="alert">{{.}}</p>{{/warnings}}
        {{^empty(schedules)}}<table><thead><tr><th scope="col">Schedule</th><th scope="col">On call now</th><th scope="col">Until</th><th scope="col">Next</th><th scope="col">Next 14 days</th></tr></thead>
        <tbody>{{#schedules}}<tr><th scope="row" data-label="Schedule">{{name}} <span class="muted">{{zone}}</span></th><td data-label="On call now"><span class="badge {{nowCSS}}">{{now}}</span></td><td data-label="Until">{{until}}</td><td data-label="Next">{{next}}</td><td data-label="Next 14 days">{{hours}}</td></tr>{{/schedules}}</tbody></table>
        <figure>{{{timeline}}}<figcaption>{{#legend}}<span class="legend"><span class="swatch" style="background:{{colour}}"></span>{{person}}</span> {{/legend}}<span class="legend"><span class="swatch" style="background:#cf222e"></span>gap</span> <span class="legend">dashed outline: override</span></figcaption></figure>
        <section aria-labelledby="overrides"><h2 id="overrides">Overrides</h2>
        {{#schedules}}{{#overrides.0}}<h3>{{name}}</h3>{{/overrides.0}}<ul class="plain">{{#overrides}}<li>{{.}}</li>{{/overrides}}</ul>{{/schedules}}
        <p class="muted">Add one with <code>vigil oncall override add</code> or <code>POST /api/v1/oncall/overrides</code>.</p>
        </section>
        <section aria-labelledby="feeds"><h2 id="feeds">Calendar feeds</h2>
        <ul class="plain">{{#schedules}}{{#feed}}<li>{{name}}: <a href="{{.}}">{{.}}</a></li>{{/feed}}{{/schedules}}{{#feeds}}<li>{{name}}: <a href="{{url}}">{{url}}</a></li>{{/feeds}}</ul>
        </section>{{/empty(schedules)}}
        {{^schedules}}<p class="muted">No schedules are configured (docs/oncall.md).</p>{{/schedules}}
        <section aria-labelledby="escalations"><h2 id="escalations">Escalations</h2>
        {{> escalationList}}
        </section>
        {{/body}}{{/layout}}
        """

    static let pageLink = """
        {{<layout}}{{$body}}
        <h1>{{heading}}</h1>
        {{#problem}}<p class="note" role="alert">{{.}}</p>{{/problem}}
        {{#outcome}}<p class="badge ok" role="status">{{.}}</p>{{/outcome}}
        <ul class="plain">{{#lines}}<li>{{.}}</li>{{/lines}}</ul>
        {{#form}}<form method="post" action="{{action}}" class="login"><button type="submit">{{button}}</button></form>{{/form}}
        {{/body}}{{/layout}}
        """

    static let error = """
        {{<layout}}{{$body}}
        <h1>{{heading}}</h1>
        <p role="alert">{{message}}</p>
        <p><a href="/">Back to the overview</a></p>
        {{/body}}{{/layout}}
        """
}
