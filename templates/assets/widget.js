// The hub's widget for partners' websites. The snippet a partner pastes is a link to the hub's
// page of their events inside <bulletin-events src="...">; this script turns it into a frame of
// the hub's widget page, as tall as its list. Without JavaScript the link stays. Everything is
// loaded from the hub; nothing is tracked, no cookie is read or set, and the frame is not told
// which page it is on (no referrer).
(function () {
  "use strict";
  if (!window.customElements || window.customElements.get("bulletin-events")) {
    return;
  }
  var MAX_HEIGHT = 2000;

  class BulletinEvents extends HTMLElement {
    connectedCallback() {
      var link = this.querySelector("a[href]");
      var address;
      try {
        address = new URL(this.getAttribute("src"), document.baseURI);
      } catch (error) {
        return;
      }
      if (!link || this.querySelector("iframe") || !/^https?:$/.test(address.protocol)) {
        return;
      }
      var frame = document.createElement("iframe");
      frame.src = address.href;
      frame.title = link.textContent.trim();
      frame.referrerPolicy = "no-referrer";
      frame.style.cssText = "display:block;width:100%;height:24rem;border:0;";
      window.addEventListener("message", function (event) {
        var height = event.data && event.data.bulletinHeight;
        if (event.source === frame.contentWindow && event.origin === address.origin &&
            typeof height === "number" && height > 0) {
          frame.style.height = Math.ceil(Math.min(height, MAX_HEIGHT)) + "px";
        }
      });
      this.replaceChildren(frame);
    }
  }
  window.customElements.define("bulletin-events", BulletinEvents);
}());
