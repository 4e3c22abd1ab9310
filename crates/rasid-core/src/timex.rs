use serde::{Deserialize, Serialize};

/// TIMEX3 types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

/// A temporal expression with its TIMEX3-style normalised value.
///
/// Values follow TimeML: `2018-05-12`, `2018-05`, `2018`, `2018-W19`, `2018-SU`, `197`
/// (the 1970s), `19` (the 20th century), `2018-05-12TEV` (an evening), `P3D`, `PT2H`,
/// `PRESENT_REF`, `PAST_REF`, `FUTURE_REF`; `XXXX-WXX-6` for "every Saturday".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timex {
    #[serde(rename = "type")]
    pub kind: TimexType,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub value: String,
    /// TIMEX3 `mod`: START, MID, END, LESS_THAN, MORE_THAN, APPROX.
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "mod")]
    pub modifier: Option<String>,
    /// Whether the value was computed from the publication date (اليوم، أمس، الخميس ...).
    pub relative: bool,
}
