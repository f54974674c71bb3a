namespace Renhe.Modules.Org.Pages;

public enum LifecycleStep { Onboard, Regularise, Leave }
