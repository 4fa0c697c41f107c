//! Timing of the stiffness numerics: one implicit heat step on 10⁶ points and the limit sweep.
//!
//! Run with `cargo bench --bench stiffness` (needs `harness = false` for this bench
//! in Cargo.toml). Each case runs several times and the median is printed.

use std::hint::black_box;
use std::time::{Duration, Instant};

use reprobook::numerics::stiff::{
    heat_limit_study, DirichletLaplacian, HeatLimitParams, LinearStepper, Method,
};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time_runs(runs: usize, mut f: impl FnMut()) -> Duration {
    f(); // warm-up
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

fn be_heat_step(n: usize) {
    let lap = DirichletLaplacian::new(n).expect("valid grid");
    let dt = 100.0 * lap.explicit_limit();
    let mut y: Vec<f64> = (1..=n).map(|j| (j as f64 * lap.h() * 3.0).sin()).collect();
    let factor = time_runs(7, || {
        black_box(LinearStepper::new(Method::BackwardEuler, &lap, dt).expect("factorises"));
    });
    let mut stepper = LinearStepper::new(Method::BackwardEuler, &lap, dt).expect("factorises");
    let step = time_runs(11, || {
        stepper.step(black_box(&mut y)).expect("right length");
    });
    println!(
        "BE heat step, FD N = {n:>9}: factorise {:>8.2} ms ({:.2} ns/pt), solve {:>8.2} ms ({:.2} ns/pt)",
        factor.as_secs_f64() * 1e3,
        factor.as_secs_f64() * 1e9 / n as f64,
        step.as_secs_f64() * 1e3,
        step.as_secs_f64() * 1e9 / n as f64,
    );
}

fn main() {
    for n in [100_000, 1_000_000] {
        be_heat_step(n);
    }
    let full = HeatLimitParams::default();
    let limits_only = HeatLimitParams {
        implicit_methods: vec![],
        ..HeatLimitParams::default()
    };
    for (name, p) in [
        ("FE limits only", &limits_only),
        ("with BE/CN checks", &full),
    ] {
        let t = time_runs(5, || {
            black_box(heat_limit_study(p).expect("valid parameters"));
        });
        println!(
            "heat limit sweep N = 16..512, both grids ({name}): {:.3} s",
            t.as_secs_f64()
        );
    }
}
