import Foundation
import VigilCore
import VigilReports

extension StatusDocument {
    /// The public incidents as an Atom feed (RFC 4287), newest first, one entry per
    /// incident whose content is its public updates. `base` is the server's public URL
    /// (`server.external_url`), so readers can follow links; without it links are relative.
    public func atom(base: String?) -> String {
        let root = (base ?? "").hasSuffix("/") ? String((base ?? "").dropLast()) : (base ?? "")
        let escape = HTMLText.escape
        let newest = incidents.flatMap { $0.updates.map(\.at) }.max() ?? updatedAt
        var out = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
            <title>\(escape(title)): incidents</title>
            <id>urn:vigil:status:\(escape(title.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: "-")))</id>
            <updated>\(RFC3339.format(newest))</updated>
            <link rel="alternate" type="text/html" href="\(escape(root))/status"/>
            <link rel="self" type="application/atom+xml" href="\(escape(root))/status.atom"/>

            """
        for incident in incidents {
            let updated = incident.updates.map(\.at).max() ?? incident.startedAt
            let content = incident.updates.map { "<p><strong>\(escape($0.status.capitalized))</strong> (\(RFC3339.format($0.at))): \(escape($0.text))</p>" }
                .joined()
            out += """
                <entry>
                <id>urn:vigil:incident:\(escape(incident.id))</id>
                <title>\(escape(incident.title)) [\(escape(incident.status))]</title>
                <updated>\(RFC3339.format(updated))</updated>
                <published>\(RFC3339.format(incident.startedAt))</published>
                <author><name>\(escape(title))</name></author>
                <link rel="alternate" type="text/html" href="\(escape(root))/status"/>
                <summary>Affects \(escape(incident.services.joined(separator: ", ")))</summary>
                <content type="html">\(escape(content))</content>
                </entry>

                """
        }
        return out + "</feed>\n"
    }
}
