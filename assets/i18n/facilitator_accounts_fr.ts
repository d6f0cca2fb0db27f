<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>AccountsDialog</name>
    <message>
        <source>Facilitator accounts</source>
        <translation>Comptes des animateur·rices</translation>
    </message>
    <message>
        <source>My password (%1)</source>
        <translation>Mon mot de passe (%1)</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Mot de passe actuel</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Nouveau mot de passe</translation>
    </message>
    <message>
        <source>New password, again</source>
        <translation>Nouveau mot de passe, encore une fois</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Password (8 characters or more)</source>
        <translation>Mot de passe (8 caractères ou plus)</translation>
    </message>
    <message>
        <source>Password, again</source>
        <translation>Mot de passe, encore une fois</translation>
    </message>
    <message>
        <source>Change my password</source>
        <translation>Changer mon mot de passe</translation>
    </message>
    <message>
        <source>Facilitators of this PC</source>
        <translation>Animateur·rices de ce PC</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>Retirer…</translation>
    </message>
    <message>
        <source>Add this facilitator</source>
        <translation>Ajouter cet·te animateur·rice</translation>
    </message>
    <message>
        <source>The two new passwords are different.</source>
        <translation>Les deux nouveaux mots de passe sont différents.</translation>
    </message>
    <message>
        <source>Your password is changed.</source>
        <translation>Votre mot de passe est changé.</translation>
    </message>
    <message>
        <source>The two passwords are different.</source>
        <translation>Les deux mots de passe sont différents.</translation>
    </message>
    <message>
        <source>%1 can now sign in on this PC.</source>
        <translation>%1 peut maintenant se connecter sur ce PC.</translation>
    </message>
    <message>
        <source>Remove an account</source>
        <translation>Retirer un compte</translation>
    </message>
    <message>
        <source>Remove the account of %1? This person will no longer sign in on this PC. Groups, sessions and reports stay.</source>
        <translation>Retirer le compte de %1 ? Cette personne ne pourra plus se connecter sur ce PC. Les groupes, séances et rapports restent.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>The account of %1 is removed.</source>
        <translation>Le compte de %1 est retiré.</translation>
    </message>
</context>
</TS>
