//! Typed attribute values (OTLP `AnyValue`) and key/value lists.

use crate::prelude::*;

/// An attribute value. Doubles keep their bits; how they are printed is the encoder's business.
#[derive(Clone, PartialEq, Debug)]
pub enum Value {
    /// UTF-8 text.
    Str(String),
    /// A boolean.
    Bool(bool),
    /// A signed 64-bit integer.
    Int(i64),
    /// A double (NaN and infinities allowed; encoders spell them as OTLP JSON requires).
    Double(f64),
    /// A list of values.
    Array(Vec<Value>),
    /// A list of key/value pairs, kept in insertion order.
    Map(Vec<KeyValue>),
}

/// One attribute.
#[derive(Clone, PartialEq, Debug)]
pub struct KeyValue {
    /// The key; never empty.
    pub key: String,
    /// The value.
    pub value: Value,
}

impl Value {
    /// A JS number as OTLP expects it: integral values that fit exactly become `Int`, everything
    /// else (fractions, NaN, infinities, |x| ≥ 2^53) stays `Double`.
    pub fn from_number(x: f64) -> Value {
        const SAFE: f64 = 9_007_199_254_740_992.0; // 2^53
        if x.abs() < SAFE && (x as i64) as f64 == x {
            Value::Int(x as i64)
        } else {
            Value::Double(x)
        }
    }

    /// An estimate of the bytes this value costs in memory and on the wire, for buffer limits.
    pub fn approx_bytes(&self) -> usize {
        match self {
            Value::Str(s) => s.len() + 16,
            Value::Bool(_) | Value::Int(_) | Value::Double(_) => 16,
            Value::Array(v) => 16 + v.iter().map(Value::approx_bytes).sum::<usize>(),
            Value::Map(v) => 16 + approx_bytes(v),
        }
    }
}

/// Sets `key` to `value`, replacing an earlier value of the same key. Empty keys are ignored, as
/// OTLP forbids them.
pub fn set(list: &mut Vec<KeyValue>, key: &str, value: Value) {
    if key.is_empty() {
        return;
    }
    if let Some(kv) = list.iter_mut().find(|kv| kv.key == key) {
        kv.value = value;
    } else {
        list.push(KeyValue {
            key: key.into(),
            value,
        });
    }
}

/// The value of `key`, if set.
pub fn get<'a>(list: &'a [KeyValue], key: &str) -> Option<&'a Value> {
    list.iter().find(|kv| kv.key == key).map(|kv| &kv.value)
}

/// Sum of [`Value::approx_bytes`] plus the keys.
pub fn approx_bytes(list: &[KeyValue]) -> usize {
    list.iter()
        .map(|kv| kv.key.len() + 8 + kv.value.approx_bytes())
        .sum()
}

impl KeyValue {
    /// One attribute: `KeyValue::new("http.response.status_code", 200u16)`.
    pub fn new(key: impl Into<String>, value: impl Into<Value>) -> KeyValue {
        KeyValue {
            key: key.into(),
            value: value.into(),
        }
    }
}

impl From<&String> for Value {
    fn from(s: &String) -> Value {
        Value::Str(s.clone())
    }
}

impl From<char> for Value {
    fn from(c: char) -> Value {
        let mut s = String::new();
        s.push(c);
        Value::Str(s)
    }
}

// Integers that always fit an i64 are `Int`.
macro_rules! int_value {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(i: $t) -> Value {
                Value::Int(i64::from(i))
            }
        }
    )*};
}
int_value!(i8, i16, i32, u8, u16, u32);

// Integers that may not fit an i64 are `Int` when they do, else `Double` (OTLP has no unsigned or
// wider integer).
macro_rules! wide_value {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(i: $t) -> Value {
                i64::try_from(i).map_or(Value::Double(i as f64), Value::Int)
            }
        }
    )*};
}
wide_value!(u64, usize, isize, i128, u128);

impl From<f32> for Value {
    fn from(d: f32) -> Value {
        Value::Double(f64::from(d))
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(v: Vec<T>) -> Value {
        Value::Array(v.into_iter().map(Into::into).collect())
    }
}

impl<T: Clone + Into<Value>> From<&[T]> for Value {
    fn from(v: &[T]) -> Value {
        Value::Array(v.iter().cloned().map(Into::into).collect())
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Str(s.into())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Str(s)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}
impl From<f64> for Value {
    fn from(d: f64) -> Value {
        Value::Double(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_typed_like_otlp() {
        assert_eq!(Value::from_number(812.0), Value::Int(812));
        assert_eq!(Value::from_number(-0.0), Value::Int(0));
        assert_eq!(Value::from_number(0.2), Value::Double(0.2));
        assert_eq!(Value::from_number(1e300), Value::Double(1e300));
        assert!(matches!(Value::from_number(f64::NAN), Value::Double(x) if x.is_nan()));
    }

    #[test]
    fn set_replaces_and_ignores_empty_keys() {
        let mut l = Vec::new();
        set(&mut l, "a", Value::Int(1));
        set(&mut l, "", Value::Int(2));
        set(&mut l, "a", Value::Bool(true));
        assert_eq!(l.len(), 1);
        assert_eq!(get(&l, "a"), Some(&Value::Bool(true)));
    }
}
