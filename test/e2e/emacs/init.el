;;; init.el --- kube-hardener for Emacs with eglot (the README's snippet; the editor tests load it)
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs '(yaml-mode . ("kube-hardener-server" "--stdio"))))
(add-hook 'yaml-mode-hook #'eglot-ensure)
