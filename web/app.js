// Mounts the rasa-webchat widget and fills in what it lacks for keyboard and screen-reader users.
(function () {
  "use strict";
  var config = window.LEGAL_AID_CONFIG || {};
  var LABELS = {
    ".rw-launcher": "Open or close the legal aid chat",
    ".rw-new-message": "Your message",
    ".rw-send": "Send message",
    ".rw-close-button": "Close the chat",
    ".rw-toggle-fullscreen-button": "Toggle full screen",
  };

  window.WebChat.default({
    socketUrl: config.socketUrl || "http://localhost:5005",
    socketPath: "/socket.io/",
    initPayload: "/greet",
    title: "Legal aid guidance",
    subtitle: "Guidance, not legal advice",  // longer wraps onto the title
    inputTextFieldHint: "Type your question, e.g. who can get legal aid?",
    customData: { language: "en" },
    params: { storage: "session" },  // conversation memory per browser tab
    showMessageDate: false,
  }, null);

  // Quick-reply buttons are plain divs in rasa-webchat 1.0.1: make them real buttons for keyboards.
  function makeButton(element) {
    if (element.tagName === "A" || element.getAttribute("role") === "button") return;
    element.setAttribute("role", "button");
    element.setAttribute("tabindex", "0");
    element.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        element.click();
      }
    });
  }

  function enhance(root) {
    Object.keys(LABELS).forEach(function (selector) {
      root.querySelectorAll(selector).forEach(function (element) {
        if (!element.hasAttribute("aria-label")) element.setAttribute("aria-label", LABELS[selector]);
      });
    });
    root.querySelectorAll(".rw-launcher").forEach(function (launcher) {
      var open = !!document.querySelector(".rw-conversation-container");
      launcher.setAttribute("aria-expanded", open ? "true" : "false");
    });
    root.querySelectorAll(".rw-messages-container").forEach(function (log) {
      log.setAttribute("role", "log");
      log.setAttribute("aria-live", "polite");
      log.setAttribute("aria-label", "Conversation");
    });
    root.querySelectorAll(".rw-conversation-container").forEach(function (dialog) {
      dialog.setAttribute("role", "dialog");
      dialog.setAttribute("aria-label", "Legal aid chat");
    });
    root.querySelectorAll(".rw-reply").forEach(makeButton);
  }

  new MutationObserver(function () { enhance(document); })
    .observe(document.body, { childList: true, subtree: true });

  var opener = document.getElementById("open-chat");
  if (opener) {
    opener.addEventListener("click", function () {
      var input = document.querySelector(".rw-new-message");
      if (input) { input.focus(); return; }
      var launcher = document.querySelector(".rw-launcher");
      if (launcher) launcher.click();
      setTimeout(function () {
        var field = document.querySelector(".rw-new-message");
        if (field) field.focus();
      }, 300);
    });
  }
})();
