use super::*;
use crate::testing::{doc, knowledge, tag};
use rasid_core::EntityType;

fn events(d: &Doc) -> Vec<Event> {
    extract(
        d,
        &EventWords::embedded().expect("the embedded triggers load"),
        &knowledge(),
    )
}

fn who(p: &Option<Participant>) -> Option<&str> {
    p.as_ref().map(|p| p.text.as_str())
}

/// The events of `text` with the named stretches tagged as `kind`.
fn coded(text: &str, tags: &[(&str, EntityType)]) -> Vec<Event> {
    let mut d = doc(text, None);
    for (name, kind) in tags {
        tag(&mut d, name, *kind);
    }
    events(&d)
}

use EntityType::{Org, Per};

#[test]
fn a_meeting_has_its_subject_as_source_and_the_person_after_ma_as_target() {
    let e = coded(
        "اجتمع الوزير سامي مع السفير خالد في المدينة.",
        &[("الوزير سامي", Per), ("السفير خالد", Per)],
    );
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].cameo, "040");
    assert_eq!(
        (who(&e[0].source), who(&e[0].target)),
        (Some("الوزير سامي"), Some("السفير خالد"))
    );
    assert_eq!(e[0].quad_class, 1);
    assert_eq!(e[0].status, EventStatus::Reported);
}

#[test]
fn a_subject_before_the_verb_is_the_source() {
    let e = coded("وكان الحزب قد انتقد الحكومة.", &[("الحزب", Org), ("الحكومة", Org)]);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].cameo, "111");
    assert_eq!((who(&e[0].source), who(&e[0].target)), (Some("الحزب"), Some("الحكومة")));
}

#[test]
fn waqa_codes_a_signature_only_beside_an_agreement() {
    assert!(coded("وقع الحادث قرب الحزب.", &[("الحزب", Org)]).is_empty());
    let e = coded("وقع الحزب اتفاقية مع الحكومة.", &[("الحزب", Org), ("الحكومة", Org)]);
    assert_eq!(e[0].cameo, "057");
}

#[test]
fn a_noun_with_a_preposition_is_not_a_verb_trigger() {
    assert!(coded("جاء الحزب لبحث الأزمة.", &[("الحزب", Org)]).is_empty());
}

#[test]
fn a_person_right_after_an_arrest_verb_is_the_one_arrested() {
    // Unvowelled اعتقل is also the passive: the person is the target, the agent none.
    let e = coded("اعتقل الناشط سامي أمس.", &[("الناشط سامي", Per)]);
    assert_eq!(e[0].cameo, "173");
    assert_eq!((who(&e[0].source), who(&e[0].target)), (None, Some("الناشط سامي")));
    // An agent noun first acts: الشرطة arrests.
    let e = coded("اعتقلت الشرطة الناشط سامي.", &[("الناشط سامي", Per)]);
    assert_eq!(who(&e[0].source), Some("الشرطة"));
    assert_eq!(e[0].source.as_ref().and_then(|p| p.actor_code.as_deref()), Some("COP"));
    assert_eq!(who(&e[0].target), Some("الناشط سامي"));
}

#[test]
fn a_nouns_genitive_is_the_victim_of_coercion_and_the_agent_of_a_visit() {
    let e = coded(
        "وأعلنت الحكومة اعتقال الناشط سامي.",
        &[("الحكومة", Org), ("الناشط سامي", Per)],
    );
    let arrest = e.iter().find(|e| e.cameo == "173").expect("the arrest");
    assert_eq!(who(&arrest.target), Some("الناشط سامي"));
    let e = coded(
        "زيارة الوزير سامي إلى المدينة.",
        &[("الوزير سامي", Per), ("المدينة", EntityType::Loc)],
    );
    assert_eq!(who(&e[0].source), Some("الوزير سامي"));
}

#[test]
fn protests_and_casualties_are_coded_with_their_counts() {
    let e = coded("مقتل 5 أشخاص في انفجار.", &[]);
    let kill = e.iter().find(|e| e.cameo == "190").expect("the killing");
    assert_eq!(kill.count, Some(5));
    let e = coded("خرجت مظاهرات حاشدة في المدينة.", &[]);
    assert_eq!(e[0].cameo, "141");
}

#[test]
fn a_country_in_a_prepositional_phrase_is_not_the_target() {
    let e = coded(
        "انتقد الحزب في الحكومة الوزير سامي.",
        &[("الحزب", Org), ("الحكومة", Org), ("الوزير سامي", Per)],
    );
    assert_eq!(who(&e[0].target), Some("الوزير سامي"));
}

#[test]
fn a_summit_between_several_lists_them_all() {
    let e = coded(
        "قمة بين الحزب والحكومة والجيش.",
        &[("الحزب", Org), ("الحكومة", Org), ("الجيش", Org)],
    );
    assert_eq!((who(&e[0].source), who(&e[0].target)), (Some("الحزب"), Some("الحكومة")));
    assert_eq!(e[0].others.len(), 1, "{e:?}");
}

#[test]
fn future_negated_and_planned_events_say_so() {
    let e = coded("سيلتقي الحزب مع الحكومة.", &[("الحزب", Org), ("الحكومة", Org)]);
    assert_eq!(e[0].status, EventStatus::Planned);
    let e = coded("لم يلتق الحزب مع الحكومة.", &[("الحزب", Org), ("الحكومة", Org)]);
    assert_eq!(e[0].status, EventStatus::Negated);
    let e = coded(
        "ومن المقرر أن يلتقي الحزب مع الحكومة.",
        &[("الحزب", Org), ("الحكومة", Org)],
    );
    assert_eq!(e[0].status, EventStatus::Planned);
    let e = coded(
        "ونفى الحزب اعتقال الناشط سامي.",
        &[("الحزب", Org), ("الناشط سامي", Per)],
    );
    assert_eq!(
        e.iter().find(|e| e.cameo == "173").map(|e| e.status),
        Some(EventStatus::Negated)
    );
}

#[test]
fn an_agent_noun_with_a_nationality_gets_the_countrys_code() {
    let e = coded("قصف الجيش الإسرائيلي مواقع الحزب.", &[("الحزب", Org)]);
    assert_eq!(
        e[0].source.as_ref().and_then(|p| p.actor_code.as_deref()),
        Some("ISRMIL")
    );
    assert_eq!(e[0].goldstein, -10.0);
}

#[test]
fn a_plural_verb_has_its_subject_in_it_so_the_actor_after_is_the_target() {
    // In verb-first order the verb is singular; طالبوا has a pronoun subject.
    let e = coded("وطالبوا الحكومة بالاستقالة.", &[("الحكومة", Org)]);
    assert_eq!((who(&e[0].source), who(&e[0].target)), (None, Some("الحكومة")));
}

#[test]
fn violence_by_others_than_a_state_is_unconventional() {
    let e = coded("هاجم مسلحون مقر الحزب.", &[("الحزب", Org)]);
    assert_eq!(e[0].cameo, "180", "{e:?}");
    let e = coded("هاجم الجيش الإسرائيلي مقر الحزب.", &[("الحزب", Org)]);
    assert_eq!(e[0].cameo, "190", "{e:?}");
    // A person attacking a person is a verbal attack.
    let e = coded(
        "هاجم الوزير سامي الرئيس خالد.",
        &[("الوزير سامي", Per), ("الرئيس خالد", Per)],
    );
    assert_eq!(e[0].cameo, "111", "{e:?}");
}

#[test]
fn deaths_in_a_disaster_and_triggers_inside_names_are_no_events() {
    assert!(coded("أسفر الإعصار عن مقتل 17 شخصا.", &[])
        .iter()
        .all(|e| e.cameo.root() != "19"));
    let e = coded("زار فريق منظمة حظر الأسلحة المدينة.", &[("منظمة حظر الأسلحة", Org)]);
    assert!(e.iter().all(|e| e.cameo != "163"), "{e:?}");
}

#[test]
fn a_participle_reports_the_subjects_act_and_a_condition_is_not_a_report() {
    let e = coded("وقال الحزب منتقدا الحكومة.", &[("الحزب", Org), ("الحكومة", Org)]);
    assert!(e.iter().any(|e| e.cameo == "111"), "{e:?}");
    let e = coded(
        "ستنشب أزمة لو انسحب الحزب من الحكومة.",
        &[("الحزب", Org), ("الحكومة", Org)],
    );
    assert_eq!(e[0].status, EventStatus::Planned, "{e:?}");
}

#[test]
fn what_an_appeal_asks_for_is_planned_and_achieving_is_no_investigation() {
    let e = coded("دعا الحزب أمس في العاصمة إلى مظاهرات.", &[("الحزب", Org)]);
    let protest = e.iter().find(|e| e.cameo.root() == "14").expect("the protest");
    assert_eq!(protest.status, EventStatus::Planned, "{e:?}");
    assert!(coded("تحقيق الاستقرار هدف الحزب.", &[("الحزب", Org)]).is_empty());
}
