//! Tables of a store (articles, entities, quotes, events) as rows of typed cells, and the
//! three writers that take them: CSV (UTF-8 with a byte order mark, so that spreadsheets
//! show Arabic), JSON lines, and Parquet (one row group per 8,192 rows, Snappy-compressed).

use std::io::Write;
use std::sync::Arc;

use parquet::basic::{Compression, ConvertedType, Repetition, Type as Physical};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;

/// A column's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Int,
    Float,
}

/// A column: its name and type. Every column may be empty (null).
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
}

pub const fn text(name: &'static str) -> Column {
    Column { name, kind: Kind::Text }
}
pub const fn int(name: &'static str) -> Column {
    Column { name, kind: Kind::Int }
}
pub const fn float(name: &'static str) -> Column {
    Column {
        name,
        kind: Kind::Float,
    }
}

/// One value of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Text(String),
    Int(i64),
    Float(f64),
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}
impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}
impl From<Option<String>> for Cell {
    fn from(s: Option<String>) -> Cell {
        s.map_or(Cell::Null, Cell::Text)
    }
}
impl From<Option<&str>> for Cell {
    fn from(s: Option<&str>) -> Cell {
        s.map_or(Cell::Null, |s| Cell::Text(s.to_string()))
    }
}
impl From<usize> for Cell {
    fn from(n: usize) -> Cell {
        Cell::Int(n as i64)
    }
}
impl From<i64> for Cell {
    fn from(n: i64) -> Cell {
        Cell::Int(n)
    }
}
impl From<f64> for Cell {
    fn from(x: f64) -> Cell {
        Cell::Float(x)
    }
}
impl From<Option<f64>> for Cell {
    fn from(x: Option<f64>) -> Cell {
        x.map_or(Cell::Null, Cell::Float)
    }
}

/// Where rows go.
pub trait Sink {
    fn row(&mut self, cells: Vec<Cell>) -> Result<(), crate::ExportError>;
    /// Writes what is buffered and the file's footer.
    fn finish(self: Box<Self>) -> Result<(), crate::ExportError>;
}

/// The table formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    Csv,
    Jsonl,
    Parquet,
}

/// A writer of `columns` in `format` to `out`.
pub fn sink<'a, W: Write + Send + 'a>(
    format: TableFormat,
    columns: &'static [Column],
    out: W,
) -> Result<Box<dyn Sink + 'a>, crate::ExportError> {
    Ok(match format {
        TableFormat::Csv => {
            let mut out = out;
            out.write_all("\u{FEFF}".as_bytes())?;
            let mut w = csv::Writer::from_writer(out);
            w.write_record(columns.iter().map(|c| c.name))?;
            Box::new(CsvSink(w, columns))
        }
        TableFormat::Jsonl => Box::new(JsonlSink { columns, out }),
        TableFormat::Parquet => Box::new(ParquetSink::new(columns, out)?),
    })
}

struct CsvSink<W: Write>(csv::Writer<W>, &'static [Column]);

/// A cell a spreadsheet would run as a formula (text from the web beginning with `=`,
/// `+`, `-`, `@`, or a tab or carriage return before one) is written after an apostrophe,
/// which spreadsheets show as text and do not display (OWASP's advice on CSV injection).
/// Only CSV is written so; JSON lines and Parquet keep the text as it is.
fn defused(s: String) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s
    }
}

/// A row must have a cell per column.
fn check_len(columns: &[Column], cells: &[Cell]) -> Result<(), crate::ExportError> {
    if cells.len() != columns.len() {
        return Err(crate::ExportError::Other(format!(
            "a row of {} cells for {} columns",
            cells.len(),
            columns.len()
        )));
    }
    Ok(())
}

impl<W: Write> Sink for CsvSink<W> {
    fn row(&mut self, cells: Vec<Cell>) -> Result<(), crate::ExportError> {
        check_len(self.1, &cells)?;
        let fields = cells.into_iter().map(|c| match c {
            Cell::Null => String::new(),
            Cell::Text(s) => defused(s),
            Cell::Int(n) => n.to_string(),
            Cell::Float(x) => x.to_string(),
        });
        self.0.write_record(fields)?;
        Ok(())
    }
    fn finish(mut self: Box<Self>) -> Result<(), crate::ExportError> {
        self.0.flush()?;
        Ok(())
    }
}

struct JsonlSink<W: Write> {
    columns: &'static [Column],
    out: W,
}

impl<W: Write> Sink for JsonlSink<W> {
    fn row(&mut self, cells: Vec<Cell>) -> Result<(), crate::ExportError> {
        check_len(self.columns, &cells)?;
        // Written key by key so that the columns keep their order.
        self.out.write_all(b"{")?;
        for (i, (col, cell)) in self.columns.iter().zip(cells).enumerate() {
            if i > 0 {
                self.out.write_all(b",")?;
            }
            serde_json::to_writer(&mut self.out, col.name)?;
            self.out.write_all(b":")?;
            match cell {
                Cell::Null => self.out.write_all(b"null")?,
                Cell::Text(s) => serde_json::to_writer(&mut self.out, &s)?,
                Cell::Int(n) => write!(self.out, "{n}")?,
                // NaN and infinities are not JSON.
                Cell::Float(x) if x.is_finite() => serde_json::to_writer(&mut self.out, &x)?,
                Cell::Float(_) => self.out.write_all(b"null")?,
            }
        }
        self.out.write_all(b"}\n")?;
        Ok(())
    }
    fn finish(mut self: Box<Self>) -> Result<(), crate::ExportError> {
        self.out.flush()?;
        Ok(())
    }
}

const ROW_GROUP: usize = 8192;

struct ParquetSink<W: Write + Send> {
    columns: &'static [Column],
    writer: SerializedFileWriter<W>,
    rows: Vec<Vec<Cell>>,
}

impl<W: Write + Send> ParquetSink<W> {
    fn new(columns: &'static [Column], out: W) -> Result<Self, crate::ExportError> {
        let fields = columns
            .iter()
            .map(|c| {
                let b = match c.kind {
                    Kind::Text => Type::primitive_type_builder(c.name, Physical::BYTE_ARRAY)
                        .with_converted_type(ConvertedType::UTF8),
                    Kind::Int => Type::primitive_type_builder(c.name, Physical::INT64),
                    Kind::Float => Type::primitive_type_builder(c.name, Physical::DOUBLE),
                };
                b.with_repetition(Repetition::OPTIONAL).build().map(Arc::new)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let schema = Arc::new(Type::group_type_builder("rasid").with_fields(fields).build()?);
        let props = Arc::new(
            WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .set_created_by(format!("rasid {}", env!("CARGO_PKG_VERSION")))
                .build(),
        );
        Ok(ParquetSink {
            columns,
            writer: SerializedFileWriter::new(out, schema, props)?,
            rows: Vec::with_capacity(ROW_GROUP),
        })
    }

    fn flush_group(&mut self) -> Result<(), crate::ExportError> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let mut group = self.writer.next_row_group()?;
        for (i, col) in self.columns.iter().enumerate() {
            let Some(mut w) = group.next_column()? else {
                break;
            };
            let defs: Vec<i16> = self.rows.iter().map(|r| i16::from(r[i] != Cell::Null)).collect();
            let rows = &self.rows;
            match col.kind {
                Kind::Text => write_column::<ByteArrayType>(&mut w, &defs, rows, i, |c| match c {
                    Cell::Text(s) => Some(ByteArray::from(s.as_str())),
                    _ => None,
                })?,
                Kind::Int => write_column::<Int64Type>(&mut w, &defs, rows, i, |c| match c {
                    Cell::Int(n) => Some(*n),
                    _ => None,
                })?,
                Kind::Float => write_column::<DoubleType>(&mut w, &defs, rows, i, |c| match c {
                    Cell::Float(x) => Some(*x),
                    _ => None,
                })?,
            }
            w.close()?;
        }
        group.close()?;
        self.rows.clear();
        Ok(())
    }
}

/// One column of a row group: the non-null values `value` picks from the cells of column
/// `i`, and a definition level per row (1 present, 0 null).
fn write_column<T: parquet::data_type::DataType>(
    w: &mut parquet::file::writer::SerializedColumnWriter<'_>,
    defs: &[i16],
    rows: &[Vec<Cell>],
    i: usize,
    value: impl Fn(&Cell) -> Option<T::T>,
) -> Result<(), crate::ExportError> {
    let v: Vec<T::T> = rows.iter().filter_map(|r| value(&r[i])).collect();
    w.typed::<T>().write_batch(&v, Some(defs), None)?;
    Ok(())
}

impl<W: Write + Send> Sink for ParquetSink<W> {
    fn row(&mut self, cells: Vec<Cell>) -> Result<(), crate::ExportError> {
        check_len(self.columns, &cells)?;
        // A cell of another type than its column would misalign the column's values.
        for (c, cell) in self.columns.iter().zip(&cells) {
            let ok = matches!(
                (c.kind, cell),
                (_, Cell::Null)
                    | (Kind::Text, Cell::Text(_))
                    | (Kind::Int, Cell::Int(_))
                    | (Kind::Float, Cell::Float(_))
            );
            if !ok {
                return Err(crate::ExportError::Other(format!(
                    "column {} is {:?}, the value is {cell:?}",
                    c.name, c.kind
                )));
            }
        }
        self.rows.push(cells);
        if self.rows.len() >= ROW_GROUP {
            self.flush_group()?;
        }
        Ok(())
    }
    fn finish(mut self: Box<Self>) -> Result<(), crate::ExportError> {
        self.flush_group()?;
        self.writer.close()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::RowAccessor;

    const COLS: &[Column] = &[text("name"), int("n"), float("x")];

    #[test]
    fn parquet_over_several_row_groups_reads_back() {
        let mut buf = Vec::new();
        let mut s = sink(TableFormat::Parquet, COLS, &mut buf).unwrap();
        let rows = 3 * ROW_GROUP + 17;
        for i in 0..rows {
            let name = if i % 5 == 0 {
                Cell::Null
            } else {
                Cell::Text(format!("اسم {i}"))
            };
            s.row(vec![
                name,
                Cell::Int(i as i64),
                if i % 3 == 0 {
                    Cell::Null
                } else {
                    Cell::Float(i as f64 / 2.0)
                },
            ])
            .unwrap();
        }
        assert!(s.row(vec![Cell::Int(1)]).is_err(), "a short row is refused");
        assert!(
            s.row(vec![Cell::Int(1), Cell::Int(1), Cell::Null]).is_err(),
            "a wrong type is refused"
        );
        s.finish().unwrap();
        let r = SerializedFileReader::new(bytes::Bytes::from(buf)).unwrap();
        assert_eq!(r.metadata().num_row_groups(), 4);
        let got: Vec<_> = r.get_row_iter(None).unwrap().map(|row| row.unwrap()).collect();
        assert_eq!(got.len(), rows);
        let last = &got[rows - 1];
        assert_eq!(last.get_long(1).unwrap(), (rows - 1) as i64);
        assert_eq!(got[10].get_string(0).ok(), None, "nulls stay null");
        assert_eq!(got[11].get_string(0).unwrap(), "اسم 11");
        assert_eq!(got[11].get_double(2).unwrap(), 5.5);
    }

    #[test]
    fn csv_has_a_bom_and_defuses_formulas() {
        let mut buf = Vec::new();
        let mut s = sink(TableFormat::Csv, COLS, &mut buf).unwrap();
        s.row(vec![Cell::Text("=HYPERLINK(\"x\")".into()), Cell::Int(1), Cell::Null])
            .unwrap();
        s.row(vec![
            Cell::Text("نص، مع \"اقتباس\"".into()),
            Cell::Null,
            Cell::Float(0.5),
        ])
        .unwrap();
        s.finish().unwrap();
        let t = String::from_utf8(buf).unwrap();
        assert!(t.starts_with('\u{FEFF}'));
        let mut r = csv::Reader::from_reader(t.trim_start_matches('\u{FEFF}').as_bytes());
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(&rows[0][0], "'=HYPERLINK(\"x\")");
        assert_eq!(&rows[1][0], "نص، مع \"اقتباس\"");
    }
}
