/** The theme choice (System, Light, Dark) as a menu on Radix UI's DropdownMenu: arrows move, Enter or Space chooses. */
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { Check, Monitor, Moon, Sun } from 'lucide-react';
import { useAppStore } from '../../store/appStore';
import { themeChoices, type ThemeChoice } from '../../store/uiSlice';

const labels: Record<ThemeChoice, string> = { system: 'Match system', light: 'Light', dark: 'Dark' };
const icons: Record<ThemeChoice, typeof Sun> = { system: Monitor, light: Sun, dark: Moon };

export function ThemeMenu() {
  const theme = useAppStore((state) => state.theme);
  const setTheme = useAppStore((state) => state.setTheme);
  const Icon = icons[theme];
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger className="icon-button icon-button--framed" aria-label="Theme" title={`Theme: ${labels[theme]}`}>
        <Icon size={18} aria-hidden="true" />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={6}>
          <DropdownMenu.Label className="menu__label">Theme</DropdownMenu.Label>
          <DropdownMenu.RadioGroup value={theme} onValueChange={(value) => setTheme(value as ThemeChoice)}>
            {themeChoices.map((choice) => {
              const ChoiceIcon = icons[choice];
              return (
                <DropdownMenu.RadioItem key={choice} value={choice} className="menu__item">
                  <ChoiceIcon size={16} aria-hidden="true" />
                  <span className="menu__text">{labels[choice]}</span>
                  <DropdownMenu.ItemIndicator className="menu__check">
                    <Check size={16} aria-hidden="true" />
                  </DropdownMenu.ItemIndicator>
                </DropdownMenu.RadioItem>
              );
            })}
          </DropdownMenu.RadioGroup>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
