//! A small pool of worker threads for everything slower than bookkeeping: linting, code
//! actions, whole-folder indexing. The main loop never waits for it, so `shutdown`,
//! `$/cancelRequest` and the next edit are read while a lint runs. Workers have the big
//! stacks the CLI's workers have (nesting depth is the input's choice), and a task that
//! panics is logged and the worker goes on.

use std::panic::{catch_unwind, AssertUnwindSafe};

use crossbeam_channel::{Receiver, Sender};

type Task = Box<dyn FnOnce() + Send + 'static>;

pub struct Pool {
    tasks: Sender<Task>,
}

impl Pool {
    pub fn new(threads: usize) -> Result<Pool, String> {
        let (tasks, queue) = crossbeam_channel::unbounded::<Task>();
        for number in 0..threads.max(1) {
            let queue: Receiver<Task> = queue.clone();
            std::thread::Builder::new()
                .name(format!("pyexpert-server-{number}"))
                .stack_size(crate::run::WORKER_STACK_SIZE)
                .spawn(move || {
                    for task in queue {
                        if catch_unwind(AssertUnwindSafe(task)).is_err() {
                            eprintln!(
                                "pyexpert server: a background task failed; the server goes on"
                            );
                        }
                    }
                })
                .map_err(|e| format!("cannot start a worker thread: {e}"))?;
        }
        Ok(Pool { tasks })
    }

    pub fn spawn(&self, task: impl FnOnce() + Send + 'static) {
        // The workers live as long as the process; a send cannot fail while it runs.
        let _ = self.tasks.send(Box::new(task));
    }
}
