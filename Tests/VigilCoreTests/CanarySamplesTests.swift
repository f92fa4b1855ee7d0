import Testing
import VigilCore

@Suite struct CanarySamplesTests {
    @Test func linesCommentsAndNaN() throws {
        let values = try CanarySamples.parse("# p99, ms\n12.5\r\n\n  13 # slow minute\nNaN\nnan\n-1e2\n")
        #expect(values.count == 5)
        #expect(values[0] == 12.5 && values[1] == 13 && values[4] == -100)
        #expect(values[2].isNaN && values[3].isNaN)
        #expect(try CanarySamples.parse("").isEmpty)
    }

    @Test func jsonArraysWithNulls() throws {
        let values = try CanarySamples.parse(" [1, 2.5, null, -3]\n")
        #expect(values.count == 4 && values[1] == 2.5 && values[2].isNaN)
    }

    @Test func badInputSaysWhere() {
        #expect(throws: CanarySamples.ParseError(line: 3, message: "expected a number (or NaN), found 'fast'")) { try CanarySamples.parse("1\n2\nfast\n") }
        #expect(throws: CanarySamples.ParseError(line: 2, message: "expected a number (or NaN), found 'inf'")) { try CanarySamples.parse("1\ninf\n") }
        #expect(throws: CanarySamples.ParseError.self) { try CanarySamples.parse("[1, true]") }
        #expect(throws: CanarySamples.ParseError.self) { try CanarySamples.parse("[1, \"2\"]") }
        #expect(throws: CanarySamples.ParseError.self) { try CanarySamples.parse("[1, 2") }
    }
}
