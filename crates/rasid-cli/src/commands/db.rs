//! `rasid db`: PostgreSQL as the shared store (the crate `rasid-pg` does the work).

use crate::args::DbCommand;
use crate::commands::corpus::store_segmenter;

pub fn run(c: DbCommand) -> anyhow::Result<i32> {
    match c {
        DbCommand::Load { input, db } => {
            let seg = store_segmenter()?;
            let mut client = rasid_pg::connect(&db)?;
            let report = rasid_pg::load_path(&mut client, &seg, &input)?;
            for p in report.problems.iter().take(20) {
                eprintln!("rasid: {p}");
            }
            eprintln!(
                "rasid: read {} analyses: {} new, {} changed, {} unchanged, {} duplicates, {} failed, in {:.1} s",
                report.read,
                report.inserted,
                report.updated,
                report.unchanged,
                report.duplicates,
                report.failed,
                report.seconds
            );
            super::print_json(&report)?;
            Ok(if report.failed > 0 { 1 } else { 0 })
        }
        DbCommand::Counts { db } => {
            let mut client = rasid_pg::connect(&db)?;
            super::print_json(&rasid_pg::schema::counts(&mut client)?)?;
            Ok(0)
        }
    }
}
