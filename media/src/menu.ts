// The node context menu: a list of actions at the pointer, closed by a choice, Escape or a click elsewhere.

export interface MenuItem {
  label: string;
  action: () => void;
}

export function showMenu(menu: HTMLElement, x: number, y: number, items: MenuItem[]): void {
  menu.replaceChildren(
    ...items.map((item) => {
      const button = document.createElement("button");
      button.type = "button";
      button.setAttribute("role", "menuitem");
      button.textContent = item.label;
      button.addEventListener("click", () => {
        hideMenu(menu);
        item.action();
      });
      return button;
    }),
  );
  menu.style.left = `${Math.min(x, window.innerWidth - 200)}px`;
  menu.style.top = `${Math.min(y, window.innerHeight - 32 * items.length)}px`;
  menu.hidden = false;
  (menu.firstElementChild as HTMLElement | null)?.focus();
  const close = (e: Event): void => {
    if (e instanceof KeyboardEvent && e.key !== "Escape") return;
    if (e instanceof MouseEvent && menu.contains(e.target as Node)) return;
    hideMenu(menu);
    document.removeEventListener("pointerdown", close, true);
    document.removeEventListener("keydown", close, true);
  };
  document.addEventListener("pointerdown", close, true);
  document.addEventListener("keydown", close, true);
}

function hideMenu(menu: HTMLElement): void {
  menu.hidden = true;
  menu.replaceChildren();
}
