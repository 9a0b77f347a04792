// Mounts the rasa-webchat widget and fills in what it lacks for keyboard and screen-reader users.
// The page is in Chinese or English: the toggle's choice (kept in this tab), else the browser's
// preferred language. The widget follows it: title, placeholder, labels, and the language it
// sends with every message (customData, the conversation's default: actions/session.py).
(function () {
  "use strict";
  var config = window.LEGAL_AID_CONFIG || {};
  var STORED = "legal-aid-language";      // sessionStorage: the toggle's choice
  var SWITCHED = "legal-aid-switched-to"; // sessionStorage: tell the assistant after the reload
  var HTML_LANG = { en: "en", zh: "zh-CN" };
  var TEXTS = {
    en: {
      title: "Legal aid guidance",
      subtitle: "Guidance, not legal advice",  // longer wraps onto the title
      hint: "Type your question, e.g. who can get legal aid?",
      labels: {
        ".rw-launcher": "Open or close the legal aid chat",
        ".rw-new-message": "Your message",
        ".rw-send": "Send message",
        ".rw-close-button": "Close the chat",
        ".rw-toggle-fullscreen-button": "Toggle full screen",
      },
      log: "Conversation",
      dialog: "Legal aid chat",
      toggle: "中文",
      toggleLabel: "切换到中文",
    },
    zh: {
      title: "法律援助咨询",
      subtitle: "一般性指引，不是法律意见",
      hint: "请输入您的问题，例如：哪些人可以申请法律援助？",
      labels: {
        ".rw-launcher": "打开或关闭法律援助聊天",
        ".rw-new-message": "您的消息",
        ".rw-send": "发送消息",
        ".rw-close-button": "关闭聊天",
        ".rw-toggle-fullscreen-button": "切换全屏",
      },
      log: "对话",
      dialog: "法律援助聊天",
      toggle: "English",
      toggleLabel: "Switch to English",
    },
  };

  function storage() {
    try { return window.sessionStorage; } catch (error) { return null; }
  }

  function preferredLanguage() {
    var stored = storage() && storage().getItem(STORED);
    if (stored === "zh" || stored === "en") return stored;
    var preferred = (navigator.languages && navigator.languages[0]) || navigator.language || "";
    return /^zh\b/i.test(preferred) ? "zh" : "en";
  }

  var language = preferredLanguage();
  var texts = TEXTS[language];
  var other = language === "zh" ? "en" : "zh";

  document.documentElement.setAttribute("lang", HTML_LANG[language]);
  var title = document.querySelector("title");
  if (title) title.textContent = title.getAttribute("data-title-" + language) || title.textContent;
  var toggle = document.getElementById("language-toggle");
  if (toggle) {
    toggle.textContent = texts.toggle;
    toggle.setAttribute("lang", HTML_LANG[other]);
    toggle.setAttribute("aria-label", texts.toggleLabel);
    toggle.setAttribute("data-switch-to", other);
    toggle.addEventListener("click", function () {
      if (storage()) {
        storage().setItem(STORED, other);
        storage().setItem(SWITCHED, other);
      }
      window.location.reload();  // the widget's conversation is kept (session storage)
    });
  }

  var widget = null;
  window.WebChat.default({
    socketUrl: config.socketUrl || "http://localhost:5005",
    socketPath: "/socket.io/",
    initPayload: "/greet",
    title: texts.title,
    subtitle: texts.subtitle,
    inputTextFieldHint: texts.hint,
    customData: { language: language },
    params: { storage: "session" },  // conversation memory per browser tab
    showMessageDate: false,
    innerRef: function (ref) { widget = ref; },
  }, null);

  // After the toggle, the assistant switches too, as the help menu's language button does.
  function tellTheAssistant() {
    var switched = storage() && storage().getItem(SWITCHED);
    if (!switched) return;
    if (!widget || !widget.sendMessage || !document.querySelector(".rw-launcher")) {
      setTimeout(tellTheAssistant, 200);
      return;
    }
    storage().removeItem(SWITCHED);
    widget.sendMessage('/switch_language{"language": "' + switched + '"}');
  }
  tellTheAssistant();

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
    Object.keys(texts.labels).forEach(function (selector) {
      root.querySelectorAll(selector).forEach(function (element) {
        if (!element.hasAttribute("aria-label")) {
          element.setAttribute("aria-label", texts.labels[selector]);
        }
      });
    });
    root.querySelectorAll(".rw-launcher").forEach(function (launcher) {
      var open = !!document.querySelector(".rw-conversation-container");
      launcher.setAttribute("aria-expanded", open ? "true" : "false");
    });
    root.querySelectorAll(".rw-messages-container").forEach(function (log) {
      log.setAttribute("role", "log");
      log.setAttribute("aria-live", "polite");
      log.setAttribute("aria-label", texts.log);
    });
    root.querySelectorAll(".rw-conversation-container").forEach(function (dialog) {
      dialog.setAttribute("role", "dialog");
      dialog.setAttribute("aria-label", texts.dialog);
    });
    root.querySelectorAll(".rw-reply").forEach(makeButton);
  }

  new MutationObserver(function () { enhance(document); })
    .observe(document.body, { childList: true, subtree: true });

  document.querySelectorAll(".open-chat").forEach(function (opener) {
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
  });
})();
