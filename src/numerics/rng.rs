//! Seeded, portable pseudo-random numbers: the same stream on every platform and thread count.
//!
//! The generator is xoshiro256** (Blackman & Vigna, "Scrambled linear pseudorandom
//! number generators", ACM TOMS 47(4), 2021), seeded through SplitMix64 so that any
//! `u64` seed gives a well-mixed state. Uniform doubles take the top 53 bits.
//! Normal deviates use the Box–Muller transform (Box & Muller, Ann. Math. Statist.
//! 29(2), 1958) with `libm`'s pure-Rust `log`, `sin` and `cos`, so the results do not
//! depend on the platform's C maths library.

/// xoshiro256** generator with a SplitMix64 seeding routine.
#[derive(Debug, Clone)]
pub struct Rng {
    state: [u64; 4],
    /// Second Box–Muller deviate, kept for the next call.
    spare_normal: Option<f64>,
}

fn splitmix64(x: &mut u64) -> u64 {
    *x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// A generator whose whole stream is determined by `seed`.
    pub fn seeded(seed: u64) -> Self {
        let mut s = seed;
        let state = [
            splitmix64(&mut s),
            splitmix64(&mut s),
            splitmix64(&mut s),
            splitmix64(&mut s),
        ];
        Rng {
            state,
            spare_normal: None,
        }
    }

    /// Next raw 64-bit output.
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.state;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform deviate in `[0, 1)` with 53 random bits.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Standard normal deviate N(0, 1) by the Box–Muller transform:
    /// `r = sqrt(-2 ln u1)`, `z1 = r cos(2π u2)`, `z2 = r sin(2π u2)` with `u1 ∈ (0, 1]`.
    pub fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare_normal.take() {
            return z;
        }
        let u1 = 1.0 - self.uniform(); // (0, 1], so the logarithm is finite
        let u2 = self.uniform();
        let r = libm::sqrt(-2.0 * libm::log(u1));
        let angle = 2.0 * std::f64::consts::PI * u2;
        self.spare_normal = Some(r * libm::sin(angle));
        r * libm::cos(angle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_different_seed_different_stream() {
        let a: Vec<u64> = {
            let mut r = Rng::seeded(7);
            (0..8).map(|_| r.next_u64()).collect()
        };
        let b: Vec<u64> = {
            let mut r = Rng::seeded(7);
            (0..8).map(|_| r.next_u64()).collect()
        };
        let c: Vec<u64> = {
            let mut r = Rng::seeded(8);
            (0..8).map(|_| r.next_u64()).collect()
        };
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn uniform_and_normal_moments_match_their_distributions() {
        let mut r = Rng::seeded(2021);
        let n = 200_000;
        let u: Vec<f64> = (0..n).map(|_| r.uniform()).collect();
        assert!(u.iter().all(|&x| (0.0..1.0).contains(&x)));
        let mean_u = u.iter().sum::<f64>() / n as f64;
        // Standard error of the mean of U(0,1) is sqrt(1/12/n) ≈ 6.5e-4; allow 5 sigma.
        assert!((mean_u - 0.5).abs() < 3.3e-3, "mean {mean_u}");
        let z: Vec<f64> = (0..n).map(|_| r.normal()).collect();
        let mean = z.iter().sum::<f64>() / n as f64;
        let var = z.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
        // Standard errors: mean 1/sqrt(n) ≈ 2.2e-3, variance sqrt(2/n) ≈ 3.2e-3; 5 sigma.
        assert!(mean.abs() < 1.2e-2, "mean {mean}");
        assert!((var - 1.0).abs() < 1.6e-2, "var {var}");
    }
}
