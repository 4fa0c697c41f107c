//! Typed results of an experiment: named scalars, series and matrices (plus an export blob).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

/// A dense row-major matrix output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Matrix {
    pub rows: usize,
    pub cols: usize,
    #[serde(with = "finite_vec")]
    pub data: Vec<f64>,
}

/// What a solver returns. Claims, inline values and figures address these as
/// `experiment-id.name`. Non-finite numbers (a diverged run) survive JSON as the
/// strings `"NaN"`, `"inf"`, `"-inf"`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outputs {
    #[serde(with = "finite_map")]
    pub scalars: BTreeMap<String, f64>,
    #[serde(with = "finite_series")]
    pub series: BTreeMap<String, Vec<f64>>,
    pub matrices: BTreeMap<String, Matrix>,
    /// Full structured result for `data/<id>.json` (for example the PINN export).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub export: Option<serde_json::Value>,
}

impl Outputs {
    pub fn scalar(&mut self, name: &str, v: f64) -> &mut Self {
        self.scalars.insert(name.to_string(), v);
        self
    }
    pub fn series(&mut self, name: &str, v: Vec<f64>) -> &mut Self {
        self.series.insert(name.to_string(), v);
        self
    }
    pub fn matrix(&mut self, name: &str, rows: usize, cols: usize, data: Vec<f64>) -> &mut Self {
        self.matrices
            .insert(name.to_string(), Matrix { rows, cols, data });
        self
    }
    /// Every output name, for "did you mean" hints.
    pub fn names(&self) -> Vec<&str> {
        self.scalars
            .keys()
            .chain(self.series.keys())
            .chain(self.matrices.keys())
            .map(String::as_str)
            .collect()
    }
}

/// A float as JSON: a number when finite, else a string.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Num {
    F(f64),
    S(String),
}

fn to_num(v: f64) -> Num {
    if v.is_finite() {
        Num::F(v)
    } else if v.is_nan() {
        Num::S("NaN".into())
    } else if v > 0.0 {
        Num::S("inf".into())
    } else {
        Num::S("-inf".into())
    }
}

fn from_num<E: serde::de::Error>(n: Num) -> Result<f64, E> {
    match n {
        Num::F(v) => Ok(v),
        Num::S(s) => match s.as_str() {
            "NaN" => Ok(f64::NAN),
            "inf" => Ok(f64::INFINITY),
            "-inf" => Ok(f64::NEG_INFINITY),
            other => Err(E::custom(format!("not a number: {other:?}"))),
        },
    }
}

mod finite_vec {
    use super::*;
    pub fn serialize<S: Serializer>(v: &[f64], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|&x| to_num(x)))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
        Vec::<Num>::deserialize(d)?
            .into_iter()
            .map(from_num)
            .collect()
    }
}

mod finite_map {
    use super::*;
    pub fn serialize<S: Serializer>(m: &BTreeMap<String, f64>, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(m.iter().map(|(k, &v)| (k, to_num(v))))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, f64>, D::Error> {
        BTreeMap::<String, Num>::deserialize(d)?
            .into_iter()
            .map(|(k, v)| from_num(v).map(|v| (k, v)))
            .collect()
    }
}

mod finite_series {
    use super::*;
    pub fn serialize<S: Serializer>(
        m: &BTreeMap<String, Vec<f64>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_map(
            m.iter()
                .map(|(k, v)| (k, v.iter().map(|&x| to_num(x)).collect::<Vec<_>>())),
        )
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<BTreeMap<String, Vec<f64>>, D::Error> {
        BTreeMap::<String, Vec<Num>>::deserialize(d)?
            .into_iter()
            .map(|(k, v)| {
                v.into_iter()
                    .map(from_num)
                    .collect::<Result<Vec<_>, _>>()
                    .map(|v| (k, v))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_finite_values_and_exact_floats_round_trip_through_json() {
        let mut o = Outputs::default();
        o.scalar("limit", 0.1 + 0.2).scalar("blown", f64::INFINITY);
        o.series("y", vec![1.0, f64::NAN, f64::NEG_INFINITY, 1e-300]);
        o.matrix("m", 1, 2, vec![std::f64::consts::PI, -0.0]);
        let json = serde_json::to_string(&o).unwrap();
        let back: Outputs = serde_json::from_str(&json).unwrap();
        assert_eq!(back.scalars["limit"].to_bits(), (0.1f64 + 0.2).to_bits());
        assert_eq!(back.scalars["blown"], f64::INFINITY);
        assert!(back.series["y"][1].is_nan());
        assert_eq!(back.series["y"][2], f64::NEG_INFINITY);
        assert_eq!(back.matrices["m"].data[0], std::f64::consts::PI);
    }
}
