//! The lesson's 21 questions, by number, with the short titles diagnostics cite.

/// One question of the lesson. Every rule points back to exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Question(u8);

const TITLES: [&str; 21] = [
    "import system",
    "coroutines and generators",
    "the data model",
    "C extensions and their alternatives",
    "Pydantic",
    "design patterns",
    "profiling and optimisation",
    "__init_subclass__",
    "structural pattern matching",
    "Protocol and structural subtyping",
    "TypeVar, Generic and variance",
    "bytecode, compile and exec",
    "new features 3.10-3.13",
    "dataclasses, attrs and Pydantic",
    "ContextVar",
    "multiprocessing.Pool",
    "the ast module",
    "__new__ and __init__",
    "packaging",
    "architecture of large codebases",
    "free-threaded CPython",
];

impl Question {
    /// The question numbered `number` (1-21).
    ///
    /// # Panics
    /// On a number outside 1-21: rule tables are static, so this is a programming error.
    pub const fn new(number: u8) -> Self {
        assert!(
            number >= 1 && number <= 21,
            "the lesson has questions 1 to 21"
        );
        Question(number)
    }

    /// Parses `7`, `07`, `Q7` or `q07`.
    pub fn parse(text: &str) -> Option<Self> {
        let digits = text.strip_prefix(['Q', 'q']).unwrap_or(text);
        let number: u8 = digits.parse().ok()?;
        (1..=21).contains(&number).then_some(Question(number))
    }

    pub fn all() -> impl Iterator<Item = Question> {
        (1..=21).map(Question)
    }

    pub const fn number(self) -> u8 {
        self.0
    }

    pub fn title(self) -> &'static str {
        TITLES[usize::from(self.0) - 1]
    }

    /// `Q07`, the form used in messages and tables.
    pub fn label(self) -> String {
        format!("Q{:02}", self.0)
    }
}

impl std::fmt::Display for Question {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Q{:02} · {}", self.0, self.title())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_usual_spellings() {
        assert_eq!(Question::parse("7"), Some(Question::new(7)));
        assert_eq!(Question::parse("Q07"), Some(Question::new(7)));
        assert_eq!(Question::parse("q21"), Some(Question::new(21)));
        assert_eq!(Question::parse("22"), None);
        assert_eq!(Question::parse("0"), None);
        assert_eq!(Question::parse("Q"), None);
    }

    #[test]
    fn displays_number_and_title() {
        assert_eq!(
            Question::new(7).to_string(),
            "Q07 · profiling and optimisation"
        );
        assert_eq!(Question::new(16).title(), "multiprocessing.Pool");
    }
}
