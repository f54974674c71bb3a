// One-tap calls (CallButton, CallReturn). dial() opens the phone's dialer with tel: and notes the
// call; when the person comes back to the page (it was hidden or lost focus while the dialer had
// the screen), the page is told which customer was called and how long the person was away, and
// opens the follow-up form. The call is kept in sessionStorage, so a page reloaded while the dialer
// was in front still finds it. Time is Date.now(): the browser's clock, not the server's.
const key = 'renhe.sales.call';
// A call noted and never come back from within a working day is not a call to log any more.
const staleAfterMs = 12 * 60 * 60 * 1000;

function read() {
    try {
        return JSON.parse(sessionStorage.getItem(key));
    } catch {
        return null;
    }
}

function write(call) {
    sessionStorage.setItem(key, JSON.stringify(call));
}

export function dial(number, customerId) {
    write({ customerId, start: Date.now(), away: false });
    // A link the browser follows as if tapped: the dialer opens and the page stays as it is.
    const link = document.createElement('a');
    link.href = 'tel:' + number;
    link.style.display = 'none';
    document.body.appendChild(link);
    link.click();
    link.remove();
}

let current = null;

export function watch(dotnet) {
    unwatch();
    const leave = () => {
        const call = read();
        if (call && !call.away) {
            call.away = true;
            write(call);
        }
    };
    const back = () => {
        if (document.visibilityState !== 'visible') return;
        const call = read();
        if (!call || !call.away) return;
        // Taken off first, so the focus and visibility events of one return report it once.
        sessionStorage.removeItem(key);
        const elapsed = Date.now() - call.start;
        if (elapsed > staleAfterMs) return;
        dotnet.invokeMethodAsync('CallEnded', call.customerId, Math.max(0, Math.round(elapsed)))
            // The circuit was gone (the phone kept the dialer in front for long): the next page load reports it.
            .catch(() => write(call));
    };
    const visibility = () => (document.visibilityState === 'hidden' ? leave() : back());
    document.addEventListener('visibilitychange', visibility);
    window.addEventListener('pagehide', leave);
    window.addEventListener('blur', leave);
    window.addEventListener('focus', back);
    window.addEventListener('pageshow', back);
    current = { visibility, leave, back };
    // A page loaded after the call (the old one was reloaded on the way back).
    back();
}

export function unwatch() {
    if (!current) return;
    document.removeEventListener('visibilitychange', current.visibility);
    window.removeEventListener('pagehide', current.leave);
    window.removeEventListener('blur', current.leave);
    window.removeEventListener('focus', current.back);
    window.removeEventListener('pageshow', current.back);
    current = null;
}
