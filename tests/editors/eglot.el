;;; eglot.el --- pyexpert server in Emacs's eglot, in batch mode  -*- lexical-binding: t -*-
;; Run by tests/editors.rs:
;;   PYEXPERT_BIN=... PYEXPERT_FILE=... PYEXPERT_REPORT=... emacs --batch -Q -l eglot.el
;; Opens the file, starts eglot with the README's entry (the binary's full path in place of
;; "pyexpert"), waits for the diagnostics, applies the quick fix of the first, reports.

(package-initialize)
(require 'eglot)
(require 'flymake)

(defvar pyexpert-binary (getenv "PYEXPERT_BIN"))
(defvar pyexpert-report (getenv "PYEXPERT_REPORT"))
(defvar pyexpert-lines nil)

(defun pyexpert-say (format-string &rest arguments)
  (push (apply #'format format-string arguments) pyexpert-lines))

(defun pyexpert-finish (code)
  (with-temp-file pyexpert-report
    (insert (mapconcat #'identity (reverse pyexpert-lines) "\n") "\n"))
  (kill-emacs code))

(defun pyexpert-wait (predicate seconds)
  "Runs the event loop until PREDICATE holds or SECONDS pass; returns whether it held."
  (let ((deadline (+ (float-time) seconds)) (held nil))
    (while (and (not (setq held (funcall predicate))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    held))

;; The README's entry.
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               `((python-mode python-ts-mode)
                 . (,pyexpert-binary "server" :initializationOptions (:unsafeFixes :json-false)))))

(condition-case failure
    (progn
      (find-file (getenv "PYEXPERT_FILE"))
      (python-mode)
      ;; `eglot-ensure' connects on the next command, and batch mode runs none: start it
      ;; as `M-x eglot' would, from the same entry.
      (apply #'eglot (eglot--guess-contact))
      (unless (pyexpert-wait (lambda () (eglot-current-server)) 30)
        (pyexpert-say "no server")
        (pyexpert-finish 1))
      (unless (pyexpert-wait (lambda () (flymake-diagnostics)) 30)
        (pyexpert-say "no diagnostics")
        (pyexpert-finish 1))
      (dolist (diagnostic (flymake-diagnostics))
        (pyexpert-say "diagnostic %s" (flymake-diagnostic-text diagnostic)))
      (let* ((first (car (flymake-diagnostics)))
             (start (flymake-diagnostic-beg first))
             (end (flymake-diagnostic-end first))
             (server (eglot-current-server))
             (actions (jsonrpc-request
                       server :textDocument/codeAction
                       (list :textDocument (eglot--TextDocumentIdentifier)
                             :range (list :start (eglot--pos-to-lsp-position start)
                                          :end (eglot--pos-to-lsp-position end))
                             :context (list :diagnostics [])))))
        (seq-doseq (action actions)
          (pyexpert-say "action %s" (plist-get action :title)))
        (let ((chosen (seq-find (lambda (a) (equal (plist-get a :kind) "quickfix")) actions)))
          (when (and chosen (not (plist-get chosen :edit)))
            (setq chosen (jsonrpc-request server :codeAction/resolve chosen)))
          (eglot--apply-workspace-edit (plist-get chosen :edit))
          (pyexpert-say "applied %s" (plist-get chosen :title))
          (pyexpert-say "text %s" (buffer-substring-no-properties (point-min) (point-max)))))
      (eglot-shutdown (eglot-current-server))
      (pyexpert-finish 0))
  (error (pyexpert-say "error %S" failure) (pyexpert-finish 1)))
