import Foundation

/// A report as sections of text and tables, rendered to Markdown or to a standalone HTML
/// page from the same content (so the two never disagree).
struct ReportDocument {
    enum Block {
        case paragraph(String)
        case table(headers: [String], rows: [[String]])
        case list([String])
    }

    struct Section {
        var title: String
        var blocks: [Block]
    }

    var title: String
    var sections: [Section]

    var markdown: String {
        var lines = ["# \(title)", ""]
        for section in sections {
            lines += ["## \(section.title)", ""]
            for block in section.blocks {
                switch block {
                case .paragraph(let text):
                    lines += [text, ""]
                case .list(let items):
                    lines += items.map { "- \($0)" } + [""]
                case .table(let headers, let rows):
                    lines.append("| " + headers.joined(separator: " | ") + " |")
                    lines.append("|" + headers.map { _ in "---|" }.joined())
                    for row in rows { lines.append("| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |") }
                    lines.append("")
                }
            }
        }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    var html: String {
        var out = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Self.escape(title))</title>
            <style>
            body { font: 15px/1.5 system-ui, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem; color: #1b1f24; }
            table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
            th, td { border: 1px solid #c9d1d9; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
            th { background: #f3f5f7; }
            </style>
            </head>
            <body>

            """
        return out + fragment + "</body>\n</html>\n"
    }

    /// The report's heading and sections without the page around them (for embedding in
    /// the dashboard).
    var fragment: String {
        var out = "<h1>\(Self.escape(title))</h1>\n"
        for section in sections {
            out += "<section>\n<h2>\(Self.escape(section.title))</h2>\n"
            for block in section.blocks {
                switch block {
                case .paragraph(let text):
                    out += "<p>\(Self.escape(text))</p>\n"
                case .list(let items):
                    out += "<ul>\n" + items.map { "<li>\(Self.escape($0))</li>\n" }.joined() + "</ul>\n"
                case .table(let headers, let rows):
                    out += "<table>\n<thead><tr>" + headers.map { "<th scope=\"col\">\(Self.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
                    for row in rows { out += "<tr>" + row.map { "<td>\(Self.escape($0))</td>" }.joined() + "</tr>\n" }
                    out += "</tbody>\n</table>\n"
                }
            }
            out += "</section>\n"
        }
        return out
    }

    static func escape(_ text: String) -> String { HTMLText.escape(text) }
}
