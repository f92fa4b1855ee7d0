import Foundation

extension EventDecoder {
    /// The columns a CSV file may have (labels and buckets need JSON).
    static let csvColumns = ["time", "sli", "service", "good", "total", "status", "latency_ms"]

    /// Decodes CSV with a header row naming the columns, e.g. `time,sli,good,total` or
    /// `time,service,status,latency_ms`; empty cells are absent fields. Fields may be quoted (RFC 4180).
    public static func decodeCSV(_ text: String) -> DecodedBatch {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { (number: $0 + 1, text: $1.hasSuffix("\r") ? $1.dropLast() : $1) }
            .filter { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }
        guard !lines.isEmpty else { return DecodedBatch() }
        let header = lines.removeFirst()
        let columns = splitRow(header.text).map { $0.trimmingCharacters(in: .whitespaces) }
        var errors: [EventError] = []
        for column in columns where !csvColumns.contains(column) {
            errors.append(
                EventError(index: 0, line: header.number, field: column, message: "unknown CSV column; expected \(csvColumns.joined(separator: ", "))"))
        }
        guard errors.isEmpty else { return DecodedBatch(errors: errors) }
        var batch = DecodedBatch()
        batch.errors = errors
        for (index, line) in lines.enumerated() {
            let cells = splitRow(line.text)
            guard cells.count == columns.count else {
                batch.errors.append(EventError(index: index, line: line.number, field: "", message: "expected \(columns.count) cells, found \(cells.count)"))
                continue
            }
            var raw = RawEvent()
            for (column, cell) in zip(columns, cells) {
                let trimmed = cell.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty, let field = RawEvent.Field.allCases.first(where: { $0.name == column }) else { continue }
                if field == .time || field == .sli || field == .service {
                    raw[field] = .string(trimmed)
                } else {
                    raw[field] = Double(trimmed).map { .number($0) } ?? .string(trimmed)
                }
            }
            batch.add(validate(raw, index: index, line: line.number), index: index, line: line.number)
        }
        batch.errors.sort { $0.index < $1.index }
        return batch
    }

    /// Splits one CSV row, honouring double-quoted cells with `""` escapes.
    static func splitRow(_ row: Substring) -> [String] {
        var cells: [String] = []
        var cell = ""
        var quoted = false
        var iterator = row.makeIterator()
        while let character = iterator.next() {
            switch (character, quoted) {
            case ("\"", false) where cell.isEmpty: quoted = true
            case ("\"", true):
                if let next = iterator.next() {
                    if next == "\"" {
                        cell.append("\"")
                    } else {
                        quoted = false
                        if next == "," {
                            cells.append(cell)
                            cell = ""
                        } else {
                            cell.append(next)
                        }
                    }
                } else {
                    quoted = false
                }
            case (",", false):
                cells.append(cell)
                cell = ""
            default: cell.append(character)
            }
        }
        cells.append(cell)
        return cells
    }
}
