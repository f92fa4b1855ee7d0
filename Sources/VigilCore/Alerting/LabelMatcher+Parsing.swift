import Foundation

extension LabelMatcher {
    /// Parses one matcher as Alertmanager writes them: `name="value"`, `name=value`,
    /// `name!=value`, `name=~"re"`, `name!~re`, with spaces allowed around the operator.
    /// Quoted values take `\"`, `\\` and `\n` escapes.
    ///
    /// The text is read as Unicode scalars, not as Swift `Character`s: a combining mark
    /// after a quote (`"` U+0653) is one grapheme cluster, which would hide the quote
    /// from a Character-wise reader (libFuzzer found that; `Fuzz/regressions`).
    /// - Throws: ``LabelMatcherError`` with the offset (in Unicode scalars) of the bad token.
    public init(parsing text: String) throws(LabelMatcherError) {
        let characters = Array(text.unicodeScalars)
        func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            return String(view)
        }
        var index = 0
        func skipSpaces() { while index < characters.count, characters[index] == " " { index += 1 } }
        skipSpaces()
        let nameStart = index
        while index < characters.count, characters[index].isASCII,
            characters[index].properties.isAlphabetic || ("0"..."9").contains(characters[index]) || characters[index] == "_"
        {
            index += 1
        }
        let name = string(characters[nameStart..<index])
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else {
            throw LabelMatcherError("expected a label name such as service, found '\(string(characters[nameStart...]))'", offset: nameStart)
        }
        skipSpaces()
        let opStart = index
        let rest = characters[index...]
        guard let op = [Operator.matchesRegex, .notMatchesRegex, .notEqual, .equal].first(where: { rest.starts(with: $0.rawValue.unicodeScalars) }) else {
            throw LabelMatcherError("expected =, !=, =~ or !~ after '\(name)'", offset: opStart)
        }
        index += op.rawValue.unicodeScalars.count
        skipSpaces()
        let valueStart = index
        var value = ""
        if index < characters.count, characters[index] == "\"" {
            index += 1
            var closed = false
            while index < characters.count {
                let character = characters[index]
                if character == "\"" {
                    closed = true
                    index += 1
                    break
                }
                if character == "\\", index + 1 < characters.count {
                    let next = characters[index + 1]
                    switch next {
                    case "n": value.unicodeScalars.append("\n")
                    case "\"", "\\": value.unicodeScalars.append(next)
                    default: throw LabelMatcherError("unknown escape '\\\(next)'", offset: index)
                    }
                    index += 2
                    continue
                }
                value.unicodeScalars.append(character)
                index += 1
            }
            guard closed else { throw LabelMatcherError("unterminated quoted value", offset: valueStart) }
            skipSpaces()
            guard index == characters.count else {
                throw LabelMatcherError("unexpected '\(string(characters[index...]))' after the value", offset: index)
            }
        } else {
            value = string(characters[index...]).trimmingCharacters(in: .whitespaces)
            if value.contains("\"") { throw LabelMatcherError("a value with quotes must be quoted whole: \"…\"", offset: valueStart) }
        }
        do {
            try self.init(name: name, op: op, value: value)
        } catch {
            throw LabelMatcherError(error.message, offset: valueStart)
        }
    }
}
