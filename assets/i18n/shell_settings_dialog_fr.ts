<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Réglages</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <source>&amp;Text size</source>
        <translation>Taille du &amp;texte</translation>
    </message>
    <message>
        <source>&amp;High contrast</source>
        <translation>Co&amp;ntraste élevé</translation>
    </message>
    <message>
        <source>Daily &amp;backup kept (days)</source>
        <translation>&amp;Sauvegarde quotidienne conservée (jours)</translation>
    </message>
    <message>
        <source>Log &amp;out after inactivity (minutes)</source>
        <translation>&amp;Déconnexion après inactivité (minutes)</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Jamais</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Désactivée</translation>
    </message>
    <message>
        <source>Once a day the app copies its data to the “backups” folder of the data folder and keeps the copies of this many days. After a power cut, “cc2desktop doctor --repair” restores the latest good copy. 0 = off.</source>
        <translation>Une fois par jour, l’application copie ses données dans le dossier « backups » du dossier de données et garde les copies de ce nombre de jours. Après une coupure de courant, « cc2desktop doctor --repair » restaure la dernière copie saine. 0 = désactivée.</translation>
    </message>
    <message>
        <source>Cybercafé mode: on a shared computer, the profile closes by itself after this many minutes without a key press or a click. 0 = never.</source>
        <translation>Mode cybercafé : sur un ordinateur partagé, le profil se ferme tout seul après ce nombre de minutes sans frappe ni clic. 0 = jamais.</translation>
    </message>
</context>
</TS>
