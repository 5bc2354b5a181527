import AdvisorCEL
import AdvisorDiagnostics

/// A piece of text (a CEL condition) and where its pieces sit in the file it came from, so
/// that a position inside the text maps back to `file:line:column`, whether the YAML wrote it
/// on one line, quoted, as a block, or folded over several lines.
public struct PlacedText: Sendable, Hashable {
    /// A point of the text whose place in the file is known: text positions from it onwards
    /// (until the next anchor) sit on the same file line, column for column.
    public struct Anchor: Sendable, Hashable {
        /// 1-based line and column inside the text.
        public var line: Int
        public var column: Int
        /// Where that point sits in the file.
        public var location: SourceLocation
        /// The whole file line it sits on, for a caret display.
        public var fileLine: String?

        public init(line: Int, column: Int, location: SourceLocation, fileLine: String?) {
            self.line = line
            self.column = column
            self.location = location
            self.fileLine = fileLine
        }
    }

    public var text: String
    /// Sorted by text position.
    public var anchors: [Anchor]

    public init(text: String, anchors: [Anchor]) {
        self.text = text
        self.anchors = anchors
    }

    /// Text with no file behind it (an expression typed on the command line).
    public init(unplaced text: String) {
        self.text = text
        self.anchors = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
            Anchor(line: index + 1, column: 1, location: SourceLocation(file: nil, line: index + 1, column: 1), fileLine: String(line))
        }
    }

    private func anchor(line: Int, column: Int) -> Anchor? {
        anchors.last { ($0.line, $0.column) <= (line, column) } ?? anchors.first
    }

    /// The file location of a 1-based line and column inside `text`.
    public func location(line: Int, column: Int) -> SourceLocation? {
        guard let anchor = anchor(line: line, column: column) else { return nil }
        let shift = anchor.line == line ? max(column - anchor.column, 0) : 0
        return SourceLocation(file: anchor.location.file, line: anchor.location.line, column: anchor.location.column + shift)
    }

    /// The file's line under a 1-based position of `text`.
    public func fileLine(line: Int, column: Int = 1) -> String? {
        anchor(line: line, column: column)?.fileLine
    }

    /// A diagnostic for an issue the CEL parser or checker found in this text.
    public func diagnostic(for issue: CELIssue, context: String) -> Diagnostic {
        Diagnostic(
            location: location(line: issue.line, column: issue.column),
            message: "\(context): \(issue.message)",
            hint: issue.hint,
            sourceLine: fileLine(line: issue.line, column: issue.column)
        )
    }
}

/// A rule as the loader read it, before its condition is parsed and checked.
public struct RuleSource: Sendable {
    public var id: String
    public var location: SourceLocation?
    public var condition: PlacedText
    public var because: String
    public var encodes: [Reference]
    public var scores: [ScoreSource]
    public var excludes: [Reference]
    public var derives: [DeriveSource]
    /// Whose side the rule reads its claims from: `platform` for a rule whose condition holds
    /// only for founders who run the platform or marketplace themselves.
    public var perspective: TradeOff.Perspective

    public init(
        id: String, location: SourceLocation?, condition: PlacedText, because: String, encodes: [Reference],
        scores: [ScoreSource], excludes: [Reference], derives: [DeriveSource], perspective: TradeOff.Perspective = .founder
    ) {
        self.id = id
        self.location = location
        self.condition = condition
        self.because = because
        self.encodes = encodes
        self.scores = scores
        self.excludes = excludes
        self.derives = derives
        self.perspective = perspective
    }

    /// A name written in the rule book (a model, fact or trade-off id) and where.
    public struct Reference: Sendable, Hashable {
        public var id: String
        public var location: SourceLocation?
        public init(id: String, location: SourceLocation?) {
            self.id = id
            self.location = location
        }
    }

    /// Points for one model.
    public struct ScoreSource: Sendable, Hashable {
        public var model: String
        public var points: Double
        public var location: SourceLocation?
        public init(model: String, points: Double, location: SourceLocation?) {
            self.model = model
            self.points = points
            self.location = location
        }
    }

    /// A value for one derived fact. `value` is what the YAML said; the compiler fits it to the
    /// fact's declared type (an integer written for a number fact is a number).
    public struct DeriveSource: Sendable, Hashable {
        public var fact: String
        public var value: CELValue
        public var location: SourceLocation?
        public init(fact: String, value: CELValue, location: SourceLocation?) {
            self.fact = fact
            self.value = value
            self.location = location
        }
    }
}

/// Everything the loader read from a rule book's files, ready to compile.
public struct RuleBookSource: Sendable {
    public var header: RuleBookHeader
    public var facts: [FactDeclaration]
    public var models: [Model]
    public var rules: [RuleSource]
    /// The threshold catalogue: why conditions compare facts with the numbers they do.
    public var thresholds: [ThresholdBasis]
    /// A digest of the source files, carried into the compiled rule book.
    public var fingerprint: String
    /// The translations of the rule book's texts, one catalogue a language (`locales/*.yaml`).
    public var catalogues: [TextCatalogue]

    public init(
        header: RuleBookHeader, facts: [FactDeclaration], models: [Model], rules: [RuleSource],
        thresholds: [ThresholdBasis] = [], fingerprint: String = "", catalogues: [TextCatalogue] = []
    ) {
        self.catalogues = catalogues
        self.header = header
        self.facts = facts
        self.models = models
        self.rules = rules
        self.thresholds = thresholds
        self.fingerprint = fingerprint
    }
}
