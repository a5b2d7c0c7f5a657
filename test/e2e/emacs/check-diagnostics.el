;;; check-diagnostics.el --- Emacs + eglot against the kube-hardener server over stdio -*- lexical-binding: t -*-
;; Batch check (Debian's Emacs 28 with elpa-eglot and elpa-yaml-mode): load init.el (the README's
;; snippet), open the file named after -l, wait for flymake diagnostics from kube-hardener, print
;; them, exit 0 only when the privileged-container finding arrived.
;; -Q skips site-start, so add Debian's packaged ELPA folders (eglot, yaml-mode) ourselves.
(dolist (dir (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*"))
  (add-to-list 'load-path dir))
(require 'eglot)
(require 'yaml-mode)
(require 'flymake)
(load (expand-file-name "init.el" (file-name-directory load-file-name)))

(defvar kh-wait-seconds (string-to-number (or (getenv "KH_WAIT_SECONDS") "30")))
(defvar kh-start (float-time))
(defun kh-say (format-string &rest args)
  (princ (concat (apply #'format format-string args) "\n")))

(find-file (car command-line-args-left))
(unless (derived-mode-p 'yaml-mode) (kh-say "FAIL: %s is not in yaml-mode" buffer-file-name) (kill-emacs 1))
;; eglot-ensure connects after the next command; batch Emacs runs none, so run the hook once.
(run-hooks 'post-command-hook)
(unless (eglot-current-server) (kh-say "FAIL: eglot did not connect") (kill-emacs 1))

(defun kh-findings ()
  (seq-filter (lambda (d) (string-match-p "privileged-container" (flymake-diagnostic-text d)))
              (flymake-diagnostics)))

(with-timeout (kh-wait-seconds
               (kh-say "FAIL: no privileged-container diagnostic within %s s" kh-wait-seconds)
               (kill-emacs 1))
  (while (null (kh-findings))
    (accept-process-output nil 0.1)))

(kh-say "emacs %s + eglot: %d kube-hardener diagnostics after %.0f ms" emacs-version
        (length (flymake-diagnostics)) (* 1000 (- (float-time) kh-start)))
(dolist (d (flymake-diagnostics))
  (kh-say "DIAG %d %s %s" (line-number-at-pos (flymake-diagnostic-beg d))
          (flymake-diagnostic-type d) (flymake-diagnostic-text d)))
(ignore-errors (eglot-shutdown (eglot-current-server)))
(kh-say "PASS")
(kill-emacs 0)
