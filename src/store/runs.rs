//! Sorting an import's passages by time in bounded memory: sorted runs, spilled to
//! private unnamed temporary files when a file holds more rows than one run, then merged.

use super::{Result, StoreError};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::PathBuf;

/// One passage waiting for its place in time, as integers (0 for "no person/card").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Pending {
    /// The instant, seconds since 1970 UTC; the sort key with `row`.
    pub utc: i64,
    /// The wall-clock time as written, in the seconds `passages::to_ts` gives.
    pub wall: i64,
    pub row: i64,
    pub reader: i64,
    pub person: i64,
    pub card: i64,
    pub event: i64,
    /// direction (bits 0–1), clock note (bits 2–4), exit (bit 5).
    pub flags: i64,
}

const FIELDS: usize = 8;
const BYTES: usize = FIELDS * 8;

impl Pending {
    fn key(&self) -> (i64, i64) {
        (self.utc, self.row)
    }

    fn encode(&self, out: &mut [u8; BYTES]) {
        let fields = [
            self.utc,
            self.wall,
            self.row,
            self.reader,
            self.person,
            self.card,
            self.event,
            self.flags,
        ];
        for (chunk, v) in out.chunks_exact_mut(8).zip(fields) {
            chunk.copy_from_slice(&v.to_le_bytes());
        }
    }

    fn decode(bytes: &[u8; BYTES]) -> Pending {
        let f = |i: usize| {
            let mut b = [0u8; 8];
            b.copy_from_slice(&bytes[i * 8..i * 8 + 8]);
            i64::from_le_bytes(b)
        };
        Pending {
            utc: f(0),
            wall: f(1),
            row: f(2),
            reader: f(3),
            person: f(4),
            card: f(5),
            event: f(6),
            flags: f(7),
        }
    }
}

/// Gathers passages in runs of at most `run_rows`, spilling each full run sorted.
/// A run is held as chunks of [`CHUNK_ROWS`], each sorted once it is full: the
/// sorting is done while the file is still being read, and what is left at the end
/// is a merge.
pub(super) struct Runs {
    run_rows: usize,
    dir: Option<PathBuf>,
    /// The chunk being filled, in the order rows came.
    current: Vec<Pending>,
    /// Full chunks, each sorted.
    chunks: Vec<Vec<Pending>>,
    /// Rows in `current` and `chunks`.
    held: usize,
    spilled: Vec<File>,
}

/// Rows of one sorted chunk of a run.
const CHUNK_ROWS: usize = 1 << 16;

fn io(source: std::io::Error) -> StoreError {
    StoreError::Io {
        path: "temporary sort file".into(),
        source,
    }
}

impl Runs {
    /// `dir`: where the spilled runs go (the database's own private directory),
    /// the system's temporary directory when `None`.
    pub fn new(run_rows: usize, dir: Option<PathBuf>) -> Runs {
        Runs {
            run_rows: run_rows.max(1),
            dir,
            current: Vec::new(),
            chunks: Vec::new(),
            held: 0,
            spilled: Vec::new(),
        }
    }

    pub fn push(&mut self, p: Pending) -> Result<()> {
        self.current.push(p);
        self.held += 1;
        if self.current.len() == CHUNK_ROWS {
            self.close_chunk();
        }
        if self.held >= self.run_rows {
            self.spill()?;
        }
        Ok(())
    }

    /// How many runs went to disk.
    #[cfg(test)]
    pub fn spilled(&self) -> usize {
        self.spilled.len()
    }

    /// Sorts the chunk being filled and puts it with the full ones.
    fn close_chunk(&mut self) {
        if !self.current.is_empty() {
            self.current.sort_unstable_by_key(Pending::key);
            let capacity = CHUNK_ROWS.min(self.run_rows);
            let full = std::mem::replace(&mut self.current, Vec::with_capacity(capacity));
            self.chunks.push(full);
        }
    }

    /// The chunks held, as sources of a merge.
    fn held_sources(&mut self) -> Vec<Source> {
        self.close_chunk();
        self.held = 0;
        std::mem::take(&mut self.chunks)
            .into_iter()
            .map(|chunk| Source::Memory(chunk.into_iter()))
            .collect()
    }

    fn spill(&mut self) -> Result<()> {
        let mut merge = Merge::of(self.held_sources())?;
        // Unnamed and created 0600: nothing of it outlives the process or is seen by others.
        let file = match &self.dir {
            Some(dir) => tempfile::tempfile_in(dir),
            None => tempfile::tempfile(),
        }
        .map_err(io)?;
        let mut w = BufWriter::with_capacity(1 << 20, file);
        let mut buf = [0u8; BYTES];
        while let Some(p) = merge.next()? {
            p.encode(&mut buf);
            w.write_all(&buf).map_err(io)?;
        }
        let mut file = w.into_inner().map_err(|e| io(e.into_error()))?;
        use std::io::Seek;
        file.rewind().map_err(io)?;
        self.spilled.push(file);
        Ok(())
    }

    /// Every passage pushed, plus `extra`, in order of (instant, row).
    pub fn merge(mut self, mut extra: Vec<Pending>) -> Result<Merge> {
        self.current.append(&mut extra);
        let held = self.held_sources();
        let sources = std::mem::take(&mut self.spilled)
            .into_iter()
            .map(|f| Source::File(BufReader::with_capacity(1 << 16, f)))
            .chain(held)
            .collect();
        Merge::of(sources)
    }
}

enum Source {
    File(BufReader<File>),
    Memory(std::vec::IntoIter<Pending>),
}

impl Source {
    fn next(&mut self) -> Result<Option<Pending>> {
        match self {
            Source::Memory(it) => Ok(it.next()),
            Source::File(r) => {
                let mut buf = [0u8; BYTES];
                match r.read_exact(&mut buf) {
                    Ok(()) => Ok(Some(Pending::decode(&buf))),
                    Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Ok(None),
                    Err(e) => Err(io(e)),
                }
            }
        }
    }
}

/// The runs merged: yields passages in order of (instant, row).
pub(super) struct Merge {
    heap: BinaryHeap<Reverse<((i64, i64), usize)>>,
    heads: Vec<Option<Pending>>,
    sources: Vec<Source>,
}

impl Merge {
    fn of(sources: Vec<Source>) -> Result<Merge> {
        let mut merge = Merge {
            heap: BinaryHeap::with_capacity(sources.len()),
            heads: vec![None; sources.len()],
            sources,
        };
        for i in 0..merge.sources.len() {
            merge.refill(i)?;
        }
        Ok(merge)
    }

    fn refill(&mut self, i: usize) -> Result<()> {
        self.heads[i] = self.sources[i].next()?;
        if let Some(p) = &self.heads[i] {
            self.heap.push(Reverse((p.key(), i)));
        }
        Ok(())
    }

    pub fn next(&mut self) -> Result<Option<Pending>> {
        let Some(Reverse((_, i))) = self.heap.pop() else {
            return Ok(None);
        };
        let p = self.heads[i].take();
        self.refill(i)?;
        Ok(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(utc: i64, row: i64) -> Pending {
        Pending {
            utc,
            wall: utc + 3600,
            row,
            reader: row % 7 + 1,
            person: row % 3,
            card: 0,
            event: 1,
            flags: row % 64,
        }
    }

    #[test]
    fn runs_spilled_and_kept_merge_in_time_order() {
        let mut runs = Runs::new(3, None);
        let input: Vec<Pending> = (0..20).map(|i| p((i * 7919) % 13, i)).collect();
        for x in &input {
            runs.push(*x).unwrap();
        }
        assert_eq!(runs.spilled(), 6);
        let mut merge = runs.merge(vec![p(5, 100)]).unwrap();
        let mut out = Vec::new();
        while let Some(x) = merge.next().unwrap() {
            out.push(x);
        }
        let mut expected = input.clone();
        expected.push(p(5, 100));
        expected.sort_by_key(Pending::key);
        assert_eq!(out, expected);
    }

    #[test]
    fn chunks_sorted_while_filling_merge_in_time_order_kept_or_spilled() {
        let rows = 3 * CHUNK_ROWS as i64 + 17;
        let input: Vec<Pending> = (0..rows).map(|i| p((i * 7919) % 100_003, i)).collect();
        let mut expected = input.clone();
        expected.sort_by_key(Pending::key);
        // Held in memory (three full chunks and a part), then spilled after two chunks.
        for (run_rows, spills) in [(1 << 20, 0), (2 * CHUNK_ROWS, 1)] {
            let mut runs = Runs::new(run_rows, None);
            for x in &input {
                runs.push(*x).unwrap();
            }
            assert_eq!(runs.spilled(), spills);
            let mut merge = runs.merge(Vec::new()).unwrap();
            let mut out = Vec::new();
            while let Some(x) = merge.next().unwrap() {
                out.push(x);
            }
            assert_eq!(out, expected, "run_rows {run_rows}");
        }
    }
}
