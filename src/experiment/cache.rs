//! Content-addressed result cache under `.reprobook/cache/`.
//!
//! The key is the SHA-256 of the solver name, the solver's source-derived version
//! and the canonical parameters after defaults. An entry stores its own key fields
//! and is only trusted when they match and it decodes completely; anything else is
//! recomputed.

use super::outputs::Outputs;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Identity of one experiment run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CacheKey {
    pub solver: String,
    pub version: String,
    pub params: serde_json::Value,
}

impl CacheKey {
    pub fn digest(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.solver.as_bytes());
        h.update([0]);
        h.update(self.version.as_bytes());
        h.update([0]);
        h.update(
            serde_json::to_string(&self.params)
                .unwrap_or_default()
                .as_bytes(),
        );
        super::solver::hex(&h.finalize())
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    key: CacheKey,
    /// Wall time of the original run, in seconds.
    seconds: f64,
    outputs: Outputs,
}

/// What a cache lookup found.
#[derive(Debug)]
pub enum Lookup {
    Hit {
        outputs: Outputs,
        seconds: f64,
    },
    Miss,
    /// An entry existed but was unreadable or did not match; it will be recomputed.
    Corrupt(String),
}

pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    pub fn new(root: &Path) -> Self {
        Cache {
            dir: root.join(".reprobook").join("cache"),
        }
    }

    fn path(&self, key: &CacheKey) -> PathBuf {
        self.dir.join(format!("{}.json", key.digest()))
    }

    pub fn get(&self, key: &CacheKey) -> Lookup {
        let path = self.path(key);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Lookup::Miss,
            Err(e) => return Lookup::Corrupt(format!("cannot read {}: {e}", path.display())),
        };
        match serde_json::from_slice::<Entry>(&bytes) {
            Ok(entry) if entry.key == *key => Lookup::Hit {
                outputs: entry.outputs,
                seconds: entry.seconds,
            },
            Ok(_) => Lookup::Corrupt(format!("{} belongs to another experiment", path.display())),
            Err(e) => Lookup::Corrupt(format!("{} is damaged ({e})", path.display())),
        }
    }

    /// Store an entry atomically (write a temporary file, then rename). Failures
    /// to write are not fatal: the result is simply not cached.
    pub fn put(&self, key: &CacheKey, outputs: &Outputs, seconds: f64) -> Result<(), String> {
        let entry = Entry {
            key: key.clone(),
            seconds,
            outputs: outputs.clone(),
        };
        let json = serde_json::to_vec(&entry).map_err(|e| e.to_string())?;
        std::fs::create_dir_all(&self.dir).map_err(|e| e.to_string())?;
        let path = self.path(key);
        let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
        std::fs::write(&tmp, json).map_err(|e| e.to_string())?;
        std::fs::rename(&tmp, &path).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(p: f64) -> CacheKey {
        CacheKey {
            solver: "s".into(),
            version: "v1".into(),
            params: serde_json::json!({ "a": p }),
        }
    }

    #[test]
    fn hit_miss_and_corrupt_entries() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        assert!(matches!(cache.get(&key(1.0)), Lookup::Miss));
        let mut o = Outputs::default();
        o.scalar("x", 2.5);
        cache.put(&key(1.0), &o, 0.1).unwrap();
        match cache.get(&key(1.0)) {
            Lookup::Hit { outputs, .. } => assert_eq!(outputs, o),
            other => panic!("{other:?}"),
        }
        assert!(matches!(cache.get(&key(2.0)), Lookup::Miss));
        let mut other_version = key(1.0);
        other_version.version = "v2".into();
        assert_ne!(other_version.digest(), key(1.0).digest());
        // Truncate the entry: it must be reported corrupt, never trusted.
        let path = cache.path(&key(1.0));
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        assert!(matches!(cache.get(&key(1.0)), Lookup::Corrupt(_)));
    }
}
